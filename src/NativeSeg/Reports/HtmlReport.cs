using System.Text.Json;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Reports;

/// <summary>What <see cref="HtmlReport.Write"/> made: the page, how many cases, and whether it is interactive (else why not).</summary>
public sealed record ReportSummary(string Index, int Cases, string? ViewerProblem);

/// <summary>
/// `nativeseg report`: a folder that opens offline in a browser (index.html) with the per-case table, the Dice box plot
/// and NiiVue showing each case's image with the truth and every model's mask as overlays. The page and its scripts are
/// fixed files (Reports/Page); the data arrive as JSON in report-data.js and each case's NIfTI files, base64, in
/// cases/case-N.js, loaded when the case is shown. Names never become markup: the JSON encoder escapes &lt; &gt; &amp;
/// and quotes, and the page sets them as text.
/// </summary>
public static class HtmlReport
{
    public const string IndexFile = "index.html", DataFile = "report-data.js", BoxPlotFile = "dice-boxplot.png", CasesFolder = "cases";
    private static readonly string[] PageFiles = ["index.html", "report.js", "report.css"];

    /// <param name="replace">Replace an earlier report in <paramref name="outDir"/> (an experiment's own); otherwise the folder
    /// must be new or empty.</param>
    public static ReportSummary Write(ReportInput input, string outDir, ViewerScript viewer, IProgress<string>? progress = null, bool replace = false)
    {
        Validate(input);
        if (!replace) OutputGuard.RequireEmptyFolder(outDir, "a report is written whole, never into an earlier one");
        var results = input.Models.Select(m => FolderEvaluation.Run(m.PredictionsDir, input.TruthDir, input.CasesTsv)).ToList();
        var cases = ReportCase.Collect(input, results);
        // Written beside the target and renamed at the end: an interrupted report leaves no half-written folder behind.
        string target = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        string staging = $"{target}.partial-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(Path.Combine(staging, CasesFolder));
        try
        {
            var entries = new List<object>();
            for (int i = 0; i < cases.Count; i++)
            {
                progress?.Report($"case {i + 1}/{cases.Count}: {cases[i].Name}");
                entries.Add(WriteCase(staging, i, cases[i], input.Models));
            }
            BoxPlot.Write(Path.Combine(staging, BoxPlotFile), "dice", input.Models.Select((m, k) => (m.Name, results[k])).ToList());
            File.WriteAllText(Path.Combine(staging, DataFile), "window.nativesegReport = " + JsonSerializer.Serialize(new
            {
                title = input.Title,
                generatedBy = GeneratedBy(viewer),
                viewerProblem = viewer.Problem,
                models = input.Models.Select(m => m.Name).ToArray(),
                boxPlot = BoxPlotFile,
                cases = entries,
            }) + ";\n");
            foreach (var file in PageFiles) WriteResource(file, Path.Combine(staging, file));
            if (viewer.Path is { } script) File.Copy(script, Path.Combine(staging, ViewerScript.FileName));
            string retired = $"{target}.old-{Environment.ProcessId}";
            if (Directory.Exists(target)) Directory.Move(target, retired);
            Directory.Move(staging, target);
            if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return new ReportSummary(Path.Combine(outDir, IndexFile), cases.Count, viewer.Problem);
    }

    private static void Validate(ReportInput input)
    {
        if (input.Models.Count == 0) throw new UserInputException("a report needs at least one model's predictions (--pred NAME=DIR)");
        foreach (var dir in new[] { input.ImagesDir, input.TruthDir }.Concat(input.Models.Select(m => m.PredictionsDir)))
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: folder not found");
        if (input.Models.FirstOrDefault(m => string.IsNullOrWhiteSpace(m.Name)) is { } unnamed)
            throw new UserInputException($"{unnamed.PredictionsDir}: the model needs a name (--pred NAME=DIR)");
        if (input.Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new UserInputException($"model name '{twice.Key}' is given twice; each --pred needs its own name");
    }

    /// <summary>The case's static picture, its script with the NIfTI bytes, and its table row.</summary>
    private static object WriteCase(string staging, int index, ReportCase c, IReadOnlyList<ReportModel> models)
    {
        var image = NiftiReader.Read(c.Image);
        var truth = NiftiReader.Read(c.Truth);
        var masks = c.Predictions.Select(p => NiftiReader.Read(p)).ToList();
        VolumeChecks.RequireSameGrid(image, truth, c.Image, c.Truth);
        for (int m = 0; m < masks.Count; m++) VolumeChecks.RequireSameGrid(image, masks[m], c.Image, c.Predictions[m]);
        bool[] truthMask = Mask.From(truth);
        var predicted = masks.Select(Mask.From).ToList();
        var plane = Planes.Acquisition(image);
        string picture = $"{CasesFolder}/case-{index}.png", script = $"{CasesFolder}/case-{index}.js";
        OverlayRenderer.Write(Path.Combine(staging, picture), image, truthMask,
            models.Select((m, k) => new OverlayRenderer.Panel(m.Name, predicted[k])).ToList(), plane, what: c.Name);
        var files = new
        {
            image = Base64(c.Image),
            imageName = "image" + Data.NnUNetNames.NiftiExtension(c.Image),
            truth = Base64(c.Truth),
            predictions = c.Predictions.Select(Base64).ToArray(),
            maskNames = new[] { c.Truth }.Concat(c.Predictions).Select((p, k) => $"mask{k}{Data.NnUNetNames.NiftiExtension(p)}").ToArray(),
        };
        File.WriteAllText(Path.Combine(staging, script), $"nativesegCase({index}, {JsonSerializer.Serialize(files)});\n");
        return new
        {
            name = c.Name,
            group = c.Group,
            plane = plane.Name(),
            spacing = new[] { image.Spacing.X, image.Spacing.Y, image.Spacing.Z },
            focusMm = FocusMm(image, ReportCase.Focus(image.Shape, new[] { truthMask }.Concat(predicted))),
            picture,
            script,
            truthLesions = c.Results[0]["lesions_truth"],
            truthVolumeMl = c.Results[0]["volume_truth_ml"],
            models = c.Results.Select(r => new { dice = r["dice"], lesions = r["lesions_pred"], volumeMl = r["volume_pred_ml"] }).ToArray(),
        };
    }

    /// <summary>World coordinates (the file's affine, as NiiVue reads it), which NiiVue maps to its own reoriented view.</summary>
    private static double[] FocusMm(Volume image, int[] voxel)
    {
        var (x, y, z) = image.Affine.Apply(voxel[0], voxel[1], voxel[2]);
        return [x, y, z];
    }

    private static string Base64(string path) => Convert.ToBase64String(File.ReadAllBytes(path));

    private static string GeneratedBy(ViewerScript viewer)
    {
        return $"Made by NativeSeg {ProductVersion.Short}{(viewer.Version is { } v ? $" with NiiVue {v}" : "")}.";
    }

    private static void WriteResource(string name, string path)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream($"NativeSeg.Reports.Page.{name}")
                           ?? throw new InvalidOperationException($"the report page's {name} is not in the assembly");
        using var file = File.Create(path);
        stream.CopyTo(file);
    }
}
