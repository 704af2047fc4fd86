using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Data;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>One written case.</summary>
public sealed record SynthCase(string Case, string Split, string Cluster, AcquisitionGrid Grid, Shape3 Shape, AcquisitionInfo Info, double Seconds)
{
    public CaseInfo ToCaseInfo() => new(Case, Cluster, Info.Plane, Info.Spacing, Info.LesionCount, Math.Round(Info.LesionMl, 4));
}

/// <summary>Progress of <see cref="SyntheticDataset.Generate"/>: called before each case (<see cref="Done"/> = cases finished so far).</summary>
public sealed record SynthProgress(int Done, int Total, string Case, string Cluster, string Split, AcquisitionGrid Grid);

/// <summary>
/// Writes a synthetic dataset in the nnU-Net raw layout (docs/design/phantom.md §7): dataset.json, imagesTr/&lt;case&gt;_0000.nii.gz
/// (float32), labelsTr/&lt;case&gt;.nii.gz (uint8), imagesTs, labelsTs, plus cases.tsv (group = cluster),
/// sidecars/&lt;case&gt;.json (acquisition and lesion details) and, on request, previews/&lt;case&gt;.png.
/// Every case is a distinct subject; training subjects are indices 0.., test subjects 1 000 000.., so no
/// subject is in both splits. Cases are generated one after another (each one in parallel inside).
/// </summary>
public static class SyntheticDataset
{
    public const int TestSubjectOffset = 1_000_000;

    public static IReadOnlyList<SynthCase> Generate(SynthOptions options, IProgress<SynthProgress>? progress = null)
    {
        var plan = Plan(options);
        string root = options.OutputFolder;
        foreach (var dir in new[] { "imagesTr", "labelsTr", "imagesTs", "labelsTs", "sidecars" }) Directory.CreateDirectory(Path.Combine(root, dir));
        if (options.Preview) Directory.CreateDirectory(Path.Combine(root, "previews"));
        var subjectOptions = new PhantomOptions(options.LesionFocusHalfWidth);
        var written = new List<SynthCase>();
        for (int c = 0; c < plan.Count; c++)
        {
            var (name, split, cluster, subjectIndex, grid) = plan[c];
            progress?.Report(new SynthProgress(c, plan.Count, name, cluster, split, grid));
            var watch = Stopwatch.StartNew();
            var subject = PhantomSubject.Create(options.Seed, subjectIndex, subjectOptions);
            var acquisition = subject.Acquire(grid);
            bool train = split == "train";
            NiftiWriter.Write(acquisition.Image, Path.Combine(root, train ? "imagesTr" : "imagesTs", NnUNetNames.ImageFile(name)));
            NiftiWriter.WriteMask(acquisition.Image, acquisition.Truth, Path.Combine(root, train ? "labelsTr" : "labelsTs", NnUNetNames.MaskFile(name)));
            var sidecar = JsonSerializer.SerializeToNode(acquisition.Info)!.AsObject();
            sidecar["Case"] = name; sidecar["Split"] = split; sidecar["Cluster"] = cluster;
            sidecar["Shape"] = new JsonArray(acquisition.Image.Shape.X, acquisition.Image.Shape.Y, acquisition.Image.Shape.Z);
            WriteJson(Path.Combine(root, "sidecars", $"{name}.json"), sidecar);
            if (options.Preview) PreviewMontage.Write(Path.Combine(root, "previews", $"{name}.png"), acquisition.Image, acquisition.Truth);
            written.Add(new SynthCase(name, split, cluster, grid, acquisition.Image.Shape, acquisition.Info, watch.Elapsed.TotalSeconds));
        }
        progress?.Report(new SynthProgress(plan.Count, plan.Count, "", "", "", plan.Count > 0 ? plan[^1].Grid : new AcquisitionGrid(Spacing.Isotropic(1), Plane.Axial)));
        CaseTable.Write(Path.Combine(root, CaseTable.FileName), written.Select(w => w.ToCaseInfo()));
        WriteJson(Path.Combine(root, "dataset.json"), DatasetJson(options, written));
        return written;
    }

    /// <summary>Every case to write, in order: (name, split, cluster, subject index, grid). Pure: no files touched.</summary>
    public static IReadOnlyList<(string Name, string Split, string Cluster, int Subject, AcquisitionGrid Grid)> Plan(SynthOptions options)
    {
        if (options.Clusters.Count == 0) throw new UserInputException("no clusters to generate");
        var plan = new List<(string, string, string, int, AcquisitionGrid)>();
        int caseNumber = 0;
        foreach (var split in new[] { "train", "test" })
        {
            int subject = split == "train" ? 0 : TestSubjectOffset;
            foreach (var cluster in options.Clusters)
            {
                int count = split == "train" ? cluster.Train : cluster.Test;
                if (count < 0) throw new UserInputException($"cluster {cluster.Name}: negative case count");
                for (int n = 0; n < count; n++, subject++)
                {
                    AcquisitionGrid grid;
                    string group = cluster.Name;
                    if (options.FixedGrid is { } fixedGrid)
                    {
                        grid = fixedGrid with { FieldOfViewMm = fixedGrid.FieldOfViewMm ?? options.FieldOfViewMm };
                        group = ClusterSampler.Classify(grid.Spacing);
                    }
                    else grid = ClusterSampler.Sample(cluster.Name, new PhantomRandom(options.Seed, subject, 4), n, options.FieldOfViewMm);
                    plan.Add(($"case_{caseNumber++:D4}", split, group, subject, grid));
                }
            }
        }
        return plan;
    }

    private static JsonObject DatasetJson(SynthOptions options, IReadOnlyList<SynthCase> cases) => new()
    {
        ["name"] = "NativeSegSynthetic",
        ["description"] = "Synthetic MS FLAIR phantoms (NativeSeg): deformed Colin27 anatomy, analytic lesions, acquired on each case's own grid with exact partial-volume truth.",
        ["channel_names"] = new JsonObject { ["0"] = "FLAIR" },
        ["labels"] = new JsonObject { ["background"] = 0, ["lesion"] = 1 },
        ["numTraining"] = cases.Count(c => c.Split == "train"),
        ["file_ending"] = NnUNetNames.Extension,
        ["licence"] = AnatomyBuilder.Notice,
        ["reference"] = "Holmes CJ et al. (1998) J Comput Assist Tomogr 22:324-333 (Colin27)",
        ["nativeseg"] = new JsonObject
        {
            ["generator"] = PhantomSubject.PhantomVersion,
            ["preset"] = options.Preset,
            ["seed"] = options.Seed,
            ["field_of_view_mm"] = options.FieldOfViewMm is { } f ? new JsonArray(f.X, f.Y, f.Z) : null,
            ["clusters"] = new JsonArray(options.Clusters.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["train"] = c.Train, ["test"] = c.Test }).ToArray()),
            ["numTest"] = cases.Count(c => c.Split == "test"),
        },
    };

    private static void WriteJson(string path, JsonNode node)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(node, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
