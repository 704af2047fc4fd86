using NativeSeg.Data;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Cli.Progress;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NativeSeg.Imaging;
using NativeSeg.Phantom;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg synth --out DIR [--preset tiny|quick|cpu|paper] [--seed S] [--subjects N] [--test-subjects M]
/// [--clusters 3d-1mm,3d-0.5mm,2d] [--spacing a,b,c --plane axial|coronal|sagittal [--thickness T] [--tilt DEG[,DEG]]]
/// [--fov mm,mm,mm | --fov brain] [--preview]`: synthetic MS FLAIR cases with exact truth in the nnU-Net raw layout.
/// </summary>
public sealed class SynthCommand : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "output folder (nnU-Net raw layout + cases.tsv, or a BIDS dataset with --bids)", Required = true };
        var bids = new Option<bool>("--bids")
        {
            Description = "write a BIDS dataset instead: sub-<case>/anat/sub-<case>_FLAIR.nii.gz, the truth in derivatives/truth, each case's group and split in participants.tsv",
        };
        var preset = new Option<string>("--preset") { Description = "tiny (seconds), quick (default, < 2 min, 64 mm box), cpu or paper (whole brain)", DefaultValueFactory = _ => "quick" };
        var seed = new Option<long>("--seed") { Description = "dataset seed (subjects are fixed by seed and index)", DefaultValueFactory = _ => 1 };
        var subjects = new Option<int?>("--subjects") { Description = "training cases per cluster (overrides the preset)" };
        var testSubjects = new Option<int?>("--test-subjects") { Description = "test cases per cluster (default: the preset's, or 3/4 of --subjects)" };
        var clusters = new Option<string?>("--clusters") { Description = "comma-separated clusters: 3d-1mm, 3d-0.5mm, 2d" };
        var spacing = new Option<string?>("--spacing") { Description = "acquire every case on this grid instead, e.g. 0.45,0.45,5 (mm; in-plane, in-plane, slice)" };
        var plane = new Option<string>("--plane") { Description = "plane of --spacing: axial, coronal or sagittal", DefaultValueFactory = _ => "axial" };
        var thickness = new Option<double?>("--thickness") { Description = "slice thickness for --spacing (mm; default = slice spacing, no gap)" };
        var tilt = new Option<string?>("--tilt") { Description = "with --spacing: an oblique acquisition, the grid turned DEG about R-L (as along the AC-PC line), optionally then DEG about A-P " +
            "(e.g. 15 or 15,5)" };
        var fov = new Option<string?>("--fov") { Description = "field of view, R-L,A-P,S-I mm of a box around the lateral ventricles (e.g. 64,64,64), or 'brain' for the whole brain" };
        var preview = new Option<bool>("--preview") { Description = "also write a PNG montage per case (previews/)" };
        var command = new Command("synth", "Generate synthetic MS FLAIR subjects with exact lesion truth at any resolution and plane (nnU-Net raw layout).");
        foreach (var o in new Option[] { output, preset, seed, subjects, testSubjects, clusters, spacing, plane, thickness, tilt, fov, preview, bids }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var options = SynthOptions.FromPreset(parse.GetValue(preset)!, parse.GetValue(output)!) with
            {
                Seed = parse.GetValue(seed),
                Preview = parse.GetValue(preview),
            };
            if (parse.GetValue(fov) is { } fovText) options = options.WithFieldOfView(fovText);
            if (parse.GetValue(clusters) is { } names) options = options.WithClusters(names);
            if (parse.GetValue(subjects) is { } n) options = options.WithSubjects(n);
            if (parse.GetValue(testSubjects) is { } m) options = options.WithTestSubjects(m);
            if (parse.GetValue(spacing) is { } spacingText)
                options = options with
                {
                    FixedGrid = new AcquisitionGrid(Spacing.Parse(spacingText), Planes.Parse(parse.GetValue(plane)!), parse.GetValue(thickness))
                    {
                        TiltDegrees = parse.GetValue(tilt) is { } tiltText ? AcquisitionGrid.ParseTilt(tiltText) : default,
                    },
                };
            else if (parse.GetValue(tilt) is not null)
                throw new UserInputException("--tilt: needs --spacing (the grid to tilt)");

            OutputGuard.RequireEmptyFolder(options.OutputFolder, "cases of an earlier dataset could end up in both the training and the test set");
            var plan = SyntheticDataset.Plan(options);
            Console.Out.WriteLine(Describe(options, plan.Count));
            var watch = Stopwatch.StartNew();
            if (!parse.GetValue(bids))
            {
                var cases = RunWithProgress(options);
                Console.Out.WriteLine(Summary(cases, watch.Elapsed.TotalSeconds, options.OutputFolder));
                return 0;
            }
            // The phantom writes nnU-Net's layout; a hidden scratch folder inside the dataset is moved into BIDS names.
            string root = options.OutputFolder, scratch = Path.Combine(root, ".nnunet");
            var made = RunWithProgress(options with { OutputFolder = scratch });
            int count = BidsExport.FromNnUNet(scratch, root, ProductVersion.Short);
            Directory.Delete(scratch, recursive: true);
            Console.Out.WriteLine($"wrote {count} subjects as a BIDS dataset to {root} (truth in derivatives/{BidsExport.TruthPipeline}) in {watch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<SynthCase> RunWithProgress(SynthOptions options) => LiveProgress.Run(
        ctx =>
        {
            ProgressTask? task = null;
            return SyntheticDataset.Generate(options, new SyncProgress(p =>
            {
                task ??= ctx.AddTask("cases", maxValue: p.Total);
                task.Value = p.Done;
                task.Description = p.Case.Length > 0 ? Markup.Escape($"{p.Case} {p.Split} {p.Cluster} {p.Grid}") : "done";
            }));
        },
        () => SyntheticDataset.Generate(options, new SyncProgress(p =>
        {
            if (p.Case.Length > 0) Console.Out.WriteLine($"[{p.Done + 1}/{p.Total}] {p.Case} {p.Split} {p.Cluster} {p.Grid}");
        })));

    private static string Describe(SynthOptions o, int count)
    {
        var fov = o.FieldOfViewMm is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f.X:0.#}x{f.Y:0.#}x{f.Z:0.#} mm box around the lateral ventricles") : "whole brain";
        var clusters = string.Join(", ", o.Clusters.Select(c => $"{c.Name} {c.Train}+{c.Test}"));
        var grid = o.FixedGrid is { } g ? $"; every case on {g}" : "";
        return $"synth: preset {o.Preset}, seed {o.Seed}, {count} cases ({clusters}, train+test), {fov}{grid}";
    }

    private static string Summary(IReadOnlyList<SynthCase> cases, double seconds, string folder)
    {
        var lines = new List<string>();
        foreach (var group in cases.GroupBy(c => c.Cluster))
        {
            var voxels = group.Select(c => c.Shape.Count).ToArray();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {group.Key}: {group.Count()} cases, shapes " +
                    $"{string.Join(" ", group.Select(c => c.Shape.ToString()).Distinct().Take(4))}{(group.Select(c => c.Shape).Distinct().Count() > 4 ? " ..." : "")}, " +
                $"{voxels.Min() / 1e6:0.00}-{voxels.Max() / 1e6:0.00} M voxels, lesions {group.Min(c => c.Info.LesionCount)}-{group.Max(c => c.Info.LesionCount)}, " +
                $"{group.Min(c => c.Info.LesionMl):0.00}-{group.Max(c => c.Info.LesionMl):0.00} mL, {group.Average(c => c.Seconds):0.0} s/case"));
        }
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"wrote {cases.Count(c => c.Split == "train")} training and {cases.Count(c => c.Split == "test")} test cases to {folder} in {seconds:0.0} s"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Reports synchronously on the generating thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<SynthProgress> report) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => report(value);
    }
}
