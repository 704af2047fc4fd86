using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>How many training and test cases a cluster gets.</summary>
public sealed record SynthCluster(string Name, int Train, int Test);

/// <summary>
/// What <see cref="SyntheticDataset.Generate"/> writes. Presets (case counts per cluster: train + test):
/// <list type="bullet">
/// <item>`tiny` (demos, a few seconds): 48 mm cube around the lateral ventricles; 2 + 1 per cluster (9 cases).
/// Largest case 96x96x48 (3d-0.5mm); 3d-1mm 48³; 2d about 60–137 × same × 10–16.</item>
/// <item>`quick` (default; under 2 minutes on 2 cores, small enough to train three small networks in about an hour):
/// 64 mm cube around the lateral ventricles, lesions drawn inside it; 3d-1mm 4 + 3 (about 64³ = 0.26 M voxels),
/// 3d-0.5mm 4 + 3 (about 128x128x64 = 1.0 M), 2d 6 + 3 (two training cases and one test case per plane;
/// 64–183 in-plane × 11–21 slices, 0.05–0.7 M). 23 cases.</item>
/// <item>`cpu` (the fair CPU protocol's data, `experiment --scale cpu`): the quick preset's 64 mm box with 6 + 6,
/// 6 + 6 and 2d 9 + 6 (three training and two test cases per plane). 39 cases.</item>
/// <item>`paper`: whole brain, the paper's experiment 2 sizes: 68 + 15, 68 + 15, 68 + 29.</item>
/// </list>
/// </summary>
public sealed record SynthOptions
{
    public required string OutputFolder { get; init; }
    public string Preset { get; init; } = "quick";
    public long Seed { get; init; } = 1;
    public required IReadOnlyList<SynthCluster> Clusters { get; init; }
    /// <summary>World extents (R-L, A-P, S-I) in mm of a box around the lateral ventricles; null = whole brain.</summary>
    public Vec3? FieldOfViewMm { get; init; }
    /// <summary>Lesion centres within this many mm of the ventricle centroid (per axis); null = anywhere.</summary>
    public double? LesionFocusHalfWidth { get; init; }
    /// <summary>When set, every case is acquired on this grid (its plane and spacing) instead of its cluster's random grid.</summary>
    public AcquisitionGrid? FixedGrid { get; init; }
    /// <summary>Also write a PNG montage per case (previews/).</summary>
    public bool Preview { get; init; }

    public static readonly string[] PresetNames = { "tiny", "quick", "cpu", "paper" };

    /// <summary>--fov: "brain" (the whole brain) or R-L,A-P,S-I extents in mm of a box around the lateral ventricles.</summary>
    /// <summary>The largest box edge --fov accepts: a head is about 200 mm across.</summary>
    public const double MaxFieldOfViewMm = 300;

    public SynthOptions WithFieldOfView(string text)
    {
        if (text.Trim().Equals("brain", StringComparison.OrdinalIgnoreCase)) return this with { FieldOfViewMm = null, LesionFocusHalfWidth = null };
        Spacing f;
        try { f = Spacing.Parse(text); }
        catch (UserInputException) { throw new UserInputException($"--fov '{text}': expected three positive extents in mm (R-L,A-P,S-I), e.g. 64,64,64, or 'brain'"); }
        if (Math.Max(f.X, Math.Max(f.Y, f.Z)) > MaxFieldOfViewMm)
            throw new UserInputException($"--fov '{text}': at most {MaxFieldOfViewMm} mm per axis (the phantom head fits in it; 'brain' takes the whole brain)");
        return this with { FieldOfViewMm = new Vec3(f.X, f.Y, f.Z), LesionFocusHalfWidth = FocusFor(Math.Min(f.X, Math.Min(f.Y, f.Z))) };
    }

    /// <summary>--clusters: only these clusters, in this order (a cluster the preset lacks gets 2 training and 1 test subject).</summary>
    public SynthOptions WithClusters(string names)
    {
        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var w in wanted)
            if (!ClusterSampler.Names.Contains(w)) throw new UserInputException($"cluster '{w}': expected one of {string.Join(", ", ClusterSampler.Names)}");
        return this with { Clusters = wanted.Select(w => Clusters.FirstOrDefault(c => c.Name == w) ?? new SynthCluster(w, 2, 1)).ToArray() };
    }

    /// <summary>--subjects N: N training subjects per cluster and ceil(0.75 N) test subjects.</summary>
    public SynthOptions WithSubjects(int n) => n >= 0
        ? this with { Clusters = Clusters.Select(c => c with { Train = n, Test = (int)Math.Ceiling(0.75 * n) }).ToArray() }
        : throw new UserInputException($"--subjects {n}: must be zero or more");

    /// <summary>--test-subjects M: M test subjects per cluster.</summary>
    public SynthOptions WithTestSubjects(int m) => m >= 0
        ? this with { Clusters = Clusters.Select(c => c with { Test = m }).ToArray() }
        : throw new UserInputException($"--test-subjects {m}: must be zero or more");

    public static SynthOptions FromPreset(string preset, string outputFolder) => preset switch
    {
        "tiny" => new SynthOptions
        {
            OutputFolder = outputFolder, Preset = preset, FieldOfViewMm = new Vec3(48, 48, 48), LesionFocusHalfWidth = FocusFor(48),
            Clusters = ClusterSampler.Names.Select(n => new SynthCluster(n, 2, 1)).ToArray(),
        },
        "quick" => new SynthOptions
        {
            OutputFolder = outputFolder, Preset = preset, FieldOfViewMm = new Vec3(64, 64, 64), LesionFocusHalfWidth = FocusFor(64),
            Clusters = new[] { new SynthCluster(ClusterSampler.ThreeD1mm, 4, 3), new SynthCluster(ClusterSampler.ThreeDHalfMm, 4, 3), new SynthCluster(ClusterSampler.TwoD, 6, 3) },
        },
        "cpu" => new SynthOptions
        {
            OutputFolder = outputFolder, Preset = preset, FieldOfViewMm = new Vec3(64, 64, 64), LesionFocusHalfWidth = FocusFor(64),
            Clusters = new[] { new SynthCluster(ClusterSampler.ThreeD1mm, 6, 6), new SynthCluster(ClusterSampler.ThreeDHalfMm, 6, 6), new SynthCluster(ClusterSampler.TwoD, 9, 6) },
        },
        "paper" => new SynthOptions
        {
            OutputFolder = outputFolder, Preset = preset,
            Clusters = new[] { new SynthCluster(ClusterSampler.ThreeD1mm, 68, 15), new SynthCluster(ClusterSampler.ThreeDHalfMm, 68, 15), new SynthCluster(ClusterSampler.TwoD, 68, 29) },
        },
        _ => throw new UserInputException($"preset '{preset}': expected one of {string.Join(", ", PresetNames)}"),
    };

    /// <summary>Lesion focus for a cubic field of view: half the box minus a margin for head rotation and lesion size.</summary>
    public static double FocusFor(double fovMm) => Math.Max(6, fovMm / 2 - 12);
}
