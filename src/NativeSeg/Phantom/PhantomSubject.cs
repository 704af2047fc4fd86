using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>Subject-level options. <see cref="LesionFocusHalfWidth"/>: draw lesion centres only within this many mm of
/// the template ventricle centroid (per axis), for reduced fields of view.</summary>
public sealed record PhantomOptions(double? LesionFocusHalfWidth = null);

/// <summary>
/// One synthetic subject (docs/design/phantom.md §3): a deformed Colin27 anatomy with FLAIR contrast, normal-appearing bright
/// features, analytic lesions and a bias field, all continuous in mm and fixed by (seed, index). Acquire it on any
/// grid; every grid's truth comes from the same continuous lesions.
/// </summary>
public sealed class PhantomSubject
{
    private readonly List<Vec3> _brainPoints;

    private PhantomSubject(AnatomyModel model, long seed, int index, PhantomOptions options)
    {
        Seed = seed;
        Index = index;
        Options = options;
        Features = AnatomyFeatures.For(model);
        var rng = new PhantomRandom(seed, index, 0);
        Geometry = new SubjectGeometry(Features.IntracranialCentre, rng);
        Contrast = FlairContrast.Sample(rng);
        (Vec3, Vec3)? focus = options.LesionFocusHalfWidth is { } h
            ? (Features.VentricleCentre - new Vec3(h, h, h), Features.VentricleCentre + new Vec3(h, h, h))
            : null;
        (Load, var lesions) = LesionSampler.Sample(Features, Contrast, rng, focus);
        Lesions = lesions;
        var modifier = NormalAppearance.Build(Features, Contrast, new PhantomRandom(seed, index, 1));
        Signal = new TemplateSignal(model, Contrast, modifier);
        _brainPoints = BrainPoints();
        Bias = new BiasField(Geometry.SubjectCentre, Contrast.BiasStd, _brainPoints, new PhantomRandom(seed, index, 2));
    }

    /// <summary>Subject <paramref name="index"/> of dataset seed <paramref name="seed"/> (on the shipped anatomy unless another is given).</summary>
    public static PhantomSubject Create(long seed, int index, PhantomOptions? options = null, AnatomyModel? model = null) =>
        new(model ?? AnatomyFile.Default, seed, index, options ?? new PhantomOptions());

    public long Seed { get; }
    public int Index { get; }
    public PhantomOptions Options { get; }
    public AnatomyFeatures Features { get; }
    public SubjectGeometry Geometry { get; }
    public FlairContrast Contrast { get; }
    public LesionLoad Load { get; }
    public IReadOnlyList<Lesion> Lesions { get; }
    public TemplateSignal Signal { get; }
    public BiasField Bias { get; }

    /// <summary>Acquires this subject on <paramref name="grid"/>: image (float32, brain-extracted), truth (f ≥ 0.5), fractions, mask and metadata.</summary>
    public PhantomAcquisition Acquire(AcquisitionGrid grid)
    {
        var rng = new PhantomRandom(Seed, Index, 3, grid.Key());
        double alpha = grid.PsfFactor ?? rng.Uniform(1.0, 1.3);
        double r = grid.InterpolationFactor;
        double thickness = grid.SliceThickness;
        if (thickness <= 0 || thickness > grid.Spacing.Z + 1e-9)
            throw new UserInputException($"slice thickness {thickness} mm must be positive and at most the slice spacing {grid.Spacing.Z} mm");
        var geometry = GridGeometry.Resolve(this, grid);
        var s = geometry.Spacing;
        var shape = geometry.Shape;
        var axes = new[]
        {
            PsfAxis.Gaussian(shape.X, s.X, geometry.Origin.X, alpha * r * s.X),
            PsfAxis.Gaussian(shape.Y, s.Y, geometry.Origin.Y, alpha * r * s.Y),
            grid.Is2D ? PsfAxis.Box(shape.Z, s.Z, geometry.Origin.Z, thickness) : PsfAxis.Gaussian(shape.Z, s.Z, geometry.Origin.Z, alpha * s.Z),
        };
        var field = DeformationField.Covering(Geometry, geometry.Directions, axes);
        var (signal, icv) = ImageFormation.Render(this, geometry, axes, field);

        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    long n = shape.Index(i, j, k);
                    signal[n] *= (float)Bias.Multiplier(geometry.World(i, j, k));
                }
        double sigma = Contrast.NoiseFor(s.X, s.Y, thickness);
        RicianNoise.Apply(signal, shape, sigma, r, rng);

        var mask = new byte[shape.Count];
        for (long n = 0; n < signal.Length; n++)
        {
            mask[n] = icv[n] >= 0.5f ? (byte)1 : (byte)0;
            signal[n] = mask[n] == 1 ? (float)(signal[n] * Contrast.Gain) : 0f;
        }

        var framed = LesionsInFrame(geometry.Directions);
        var fraction = TruthRasterizer.Fractions(this, geometry, thickness, framed, field);
        var truth = new byte[shape.Count];
        double sumF = 0;
        long truthVoxels = 0;
        for (long n = 0; n < truth.Length; n++)
        {
            sumF += fraction[n];
            if (fraction[n] >= 0.5f && mask[n] == 1) { truth[n] = 1; truthVoxels++; }
        }
        double voxelMl = s.X * s.Y * s.Z / 1000.0;
        var image = new Volume(shape, signal, s, geometry.Affine);
        var info = new AcquisitionInfo(
            Seed, Index, Planes.Name(grid.Plane), grid.Is2D ? "2D" : "3D", s, thickness, grid.Gap, alpha, r, sigma,
            Contrast.BiasStd, Load.ToString().ToLowerInvariant(), Lesions.Count, sumF * voxelMl, truthVoxels, truthVoxels * voxelMl,
            Orientation.AxisCodes(geometry.Affine), PhantomVersion);
        return new PhantomAcquisition(image, truth, fraction, mask, info);
    }

    /// <summary>Tissue fractions and intracranial fraction of the (lesion-free) anatomy at a subject world point.</summary>
    public (double Csf, double Grey, double White, double Icv) TissueAt(Vec3 world)
    {
        var (t, icv) = Signal.Anatomy(Geometry.Pull(world));
        var (c, g, w) = Features.Model.Fractions(t);
        return (c, g, w, icv);
    }

    /// <summary>Whether a subject world point lies in the ventricles: its template point's 1 mm voxel and all six face neighbours are ventricle.</summary>
    public bool InVentricleCore(Vec3 world)
    {
        var model = Features.Model;
        var q = (Geometry.Pull(world) - model.CoarseOrigin) / AnatomyModel.CoarseStep;
        int i = (int)Math.Round(q.X), j = (int)Math.Round(q.Y), k = (int)Math.Round(q.Z);
        var s = model.CoarseShape;
        if (i < 1 || j < 1 || k < 1 || i >= s.X - 1 || j >= s.Y - 1 || k >= s.Z - 1) return false;
        const AnatomyModel.Region v = AnatomyModel.Region.Ventricle;
        return model.Has(s.Index(i, j, k), v) && model.Has(s.Index(i - 1, j, k), v) && model.Has(s.Index(i + 1, j, k), v)
               && model.Has(s.Index(i, j - 1, k), v) && model.Has(s.Index(i, j + 1, k), v)
               && model.Has(s.Index(i, j, k - 1), v) && model.Has(s.Index(i, j, k + 1), v);
    }

    public const string PhantomVersion = "nativeseg-phantom 1";

    /// <summary>Lesions with their subject-space centres in a grid frame (q = R_gᵀx) and a subject-mm radius that bounds them.</summary>
    public IReadOnlyList<FramedLesion> LesionsInFrame(Mat3 directions)
    {
        var rt = directions.Transposed();
        double stretch = Geometry.MaxScale * 1.1;
        return Lesions.Select(l => new FramedLesion(l, rt * Geometry.Push(l.Main.Centre), l.BoundingRadius * stretch + 1)).ToList();
    }

    /// <summary>Every this many 1 mm voxels per axis, a template intracranial point stands for the brain (box, bias statistics).</summary>
    private const int BrainPointStride = 5;

    /// <summary>Bounding box, in a grid frame, of the subject's brain (template intracranial points, every 7th coarse voxel).</summary>
    public (Vec3 Min, Vec3 Max) BrainBox(Mat3 directions)
    {
        var rt = directions.Transposed();
        double[] mn = { double.MaxValue, double.MaxValue, double.MaxValue }, mx = { double.MinValue, double.MinValue, double.MinValue };
        foreach (var x in _brainPoints)
        {
            var q = rt * x;
            for (int a = 0; a < 3; a++) { mn[a] = Math.Min(mn[a], q[a]); mx[a] = Math.Max(mx[a], q[a]); }
        }
        return (new Vec3(mn[0], mn[1], mn[2]), new Vec3(mx[0], mx[1], mx[2]));
    }

    private List<Vec3> BrainPoints()
    {
        var model = Features.Model;
        var s = model.CoarseShape;
        var template = new List<Vec3>();
        for (int k = 0; k < s.Z; k += BrainPointStride)
            for (int j = 0; j < s.Y; j += BrainPointStride)
                for (int i = 0; i < s.X; i += BrainPointStride)
                    if (model.Has(s.Index(i, j, k), AnatomyModel.Region.Intracranial)) template.Add(model.CoarseCentre(i, j, k));
        var points = new Vec3[template.Count];
        Parallel.For(0, template.Count, i => points[i] = Geometry.Push(template[i]));
        return points.ToList();
    }
}

/// <summary>One acquisition of a subject: image (float32, zero outside the brain), binary truth, lesion fractions, brain mask and metadata.</summary>
public sealed record PhantomAcquisition(Volume Image, byte[] Truth, float[] Fraction, byte[] Mask, AcquisitionInfo Info)
{
    public void Deconstruct(out Volume image, out byte[] truth) { image = Image; truth = Truth; }
}

/// <summary>
/// The sidecar of an acquisition (docs/design/phantom.md §4.2): what NIfTI-1 cannot hold (thickness, gap, 2D/3D), the random
/// acquisition parameters, and the lesion numbers: Σf·V (partial-volume lesion volume) and the binary truth's volume.
/// </summary>
public sealed record AcquisitionInfo(
    long Seed, int Subject, string Plane, string Mode, Spacing Spacing, double SliceThickness, double Gap,
    double PsfFactor, double Interpolation, double NoiseSigma, double BiasStd, string Load, int LesionCount,
    double LesionMl, long TruthVoxels, double TruthMl, string AxisCodes, string Generator);
