using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Reports;
using NativeSeg.Inference;
using NativeSeg.Training;

namespace NativeSeg.Experiments;

/// <summary>The comparison table of the models trained on one training set.</summary>
public sealed record SetComparison(TrainingSet Set, ModelComparison Comparison, string BoxPlot);

public sealed record ExperimentResult(ExperimentLayout Layout, IReadOnlyList<SetComparison> Tables, string? Overlay, IReadOnlyList<StepRecord> Steps)
{
    /// <summary>Runs whose results are missing because another process holds one of their steps: no tables or report yet.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];

    /// <summary>The browser report's index.html, and why it is static when it is.</summary>
    public ReportSummary? BrowserReport { get; init; }
}

/// <summary>
/// Runs a protocol: for every training set and model, train (resuming an interrupted run), predict every test
/// case, evaluate against labelsTs; then the comparison tables, box plots, the 2D overlay and report.md.
/// Each step is skipped when an earlier run finished it, so re-running the command continues where it stopped, and
/// skipped (with the steps after it) while another process holds it: several processes share one experiment folder.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>The experiment's steps without running any (after the same checks of the dataset), and its number of test cases.</summary>
    public static (IReadOnlyList<ExperimentStep> Steps, int TestCases) Plan(ExperimentSettings s)
    {
        var (dataset, casesTsv) = OpenData(s);
        return (ExperimentPlan.Build(s, dataset, casesTsv, new ExperimentLayout(s.OutDir), null), dataset.Test.Count);
    }

    private static (NnUNetDataset Dataset, string CasesTsv) OpenData(ExperimentSettings s)
    {
        var dataset = NnUNetDataset.Open(s.DataDir);
        if (dataset.Test.Count == 0 || dataset.Test.Any(c => c.LabelPath is null))
            throw new InvalidDataException($"{s.DataDir}: the experiment needs test cases with labels (imagesTs + labelsTs)");
        string casesTsv = Path.Combine(s.DataDir, CaseTable.FileName);
        if (!File.Exists(casesTsv)) throw new FileNotFoundException($"{casesTsv}: the experiment needs cases.tsv (groups {string.Join(", ", s.Protocol.TestGroups)})");
        foreach (var set in s.Protocol.TrainingSets)
            if (dataset.TrainingIn(set.Groups).Count == 0)
                throw new InvalidDataException($"{s.DataDir}: no training cases in groups {string.Join(", ", set.Groups)} (cases.tsv)");
        return (dataset, casesTsv);
    }

    public static ExperimentResult Run(ExperimentSettings s, IExperimentProgress? progress = null)
    {
        var started = DateTime.UtcNow;
        var (dataset, casesTsv) = OpenData(s);
        var layout = new ExperimentLayout(s.OutDir);
        Directory.CreateDirectory(s.OutDir);
        var ledger = new StepLedger(layout.Steps);
        var plan = ExperimentPlan.Build(s, dataset, casesTsv, layout, progress);
        if (s.OnlyStep is { } only && only != ExperimentPlan.ReportStep)
        {
            var step = plan.FirstOrDefault(p => p.Name == only)
                ?? throw new UserInputException($"--step '{only}': not a step of this experiment (nativeseg experiment ... --list-steps)");
            var missing = step.After.Where(d => !ledger.IsDone(d)).ToList();
            if (missing.Count > 0) throw new UserInputException($"--step '{only}' needs {string.Join(", ", missing)} finished first");
            RunStep(step, s, ledger);
            return new ExperimentResult(layout, [], null, ledger.Steps);
        }
        if (s.OnlyStep is null)
            foreach (var step in plan)
                if (step.After.All(ledger.IsDone)) RunStep(step, s, ledger);

        var pending = s.Protocol.TrainingSets.SelectMany(set => s.Models.Select(kind => (set, kind)))
            .Where(r => !File.Exists(layout.Results(r.set, r.kind))).Select(r => $"{r.kind.Name()} on {r.set.Name}").ToList();
        if (pending.Count > 0)
            return new ExperimentResult(layout, [], null, ledger.Steps) { Pending = pending };

        Directory.CreateDirectory(layout.Figures);
        var tables = new List<SetComparison>();
        foreach (var set in s.Protocol.TrainingSets)
        {
            var results = s.Models.Select(k => (k.Name(), ResultsCsv.Read(layout.Results(set, k)))).ToList();
            string plot = Path.Combine(layout.Figures, $"boxplot_dice_{set.Name}.png");
            BoxPlot.Write(plot, "dice", results);
            tables.Add(new SetComparison(set, new ModelComparison(results, "dice"), plot));
        }
        string? overlay = Overlay(dataset, s, layout, s.Protocol.TrainingSets[^1]);
        var result = new ExperimentResult(layout, tables, overlay, ledger.Steps) { BrowserReport = BrowserReport(dataset, s, layout, s.Protocol.TrainingSets[^1], progress) };
        ExperimentReport.Write(s, result, started);
        return result;
    }

    /// <summary>A step under the ledger; a sharded predict step is marked finished once every test case has its mask.</summary>
    private static void RunStep(ExperimentStep step, ExperimentSettings s, StepLedger ledger)
    {
        if (step.Kind != StepKind.Predict || s.Shard is not { Count: > 1 } shard)
        {
            ledger.Run(step.Name, () => step.Work(null));
            return;
        }
        ledger.Run(StepLedger.ShardStep(step.Name, shard), () => step.Work(shard));
        var (images, predictions) = step.Folders!.Value;
        if (PredictionStatus.Of(images, predictions, probabilities: false).All(x => x.State == CaseState.Done) && !ledger.IsDone(step.Name))
            ledger.MarkDone(step.Name, 0);
    }

    public static string TrainStep(TrainingSet set, ModelKind kind) => $"train {set.Name} {kind.Name()}";

    /// <summary>
    /// The browser report of the last training set's models on the test cases (the first seed's predictions), rewritten
    /// only when a results file is newer than it.
    /// </summary>
    private static ReportSummary BrowserReport(NnUNetDataset dataset, ExperimentSettings s, ExperimentLayout layout, TrainingSet set, IExperimentProgress? progress)
    {
        var viewer = ViewerScript.Find();
        string index = Path.Combine(layout.BrowserReport, HtmlReport.IndexFile);
        var results = s.Models.Select(k => File.GetLastWriteTimeUtc(layout.Results(set, k))).Max();
        if (File.Exists(index) && File.GetLastWriteTimeUtc(index) >= results)
            return new ReportSummary(index, dataset.Test.Count, viewer.Problem);
        progress?.StepStarted("write the browser report");
        var models = s.Models.Select(k => new ReportModel(k.Name(), layout.Predictions(set, k, s.SeedTag(s.AllSeeds[0])))).ToList();
        var input = new ReportInput(Path.Combine(dataset.Root, "imagesTs"), Path.Combine(dataset.Root, "labelsTs"), models,
            s.Protocol.Title, Path.Combine(s.DataDir, CaseTable.FileName));
        return HtmlReport.Write(input, layout.BrowserReport, viewer, replace: true);
    }

    /// <summary>Figure 2: the first test case of a 2D group (named "2d..."), every model's prediction side by side (TP blue, FN green, FP red).</summary>
    private static string? Overlay(NnUNetDataset dataset, ExperimentSettings s, ExperimentLayout layout, TrainingSet set)
    {
        var c = dataset.Test.FirstOrDefault(x => x.Group.StartsWith(ExperimentProtocol.Group2d, StringComparison.Ordinal) && s.Protocol.TestGroups.Contains(x.Group));
        if (c is null) return null;
        var image = NiftiReader.Read(c.ImagePath);
        var truth = Mask.From(NiftiReader.Read(c.LabelPath!));
        var panels = s.Models.Select(k => new OverlayRenderer.Panel(k.Name(),
            Mask.From(NiftiReader.Read(Path.Combine(layout.Predictions(set, k, s.SeedTag(s.AllSeeds[0])), NnUNetNames.MaskFile(c.Name)))))).ToList();
        string path = Path.Combine(layout.Figures, $"overlay_{c.Name}.png");
        OverlayRenderer.Write(path, image, truth, panels, Planes.Acquisition(image), what: c.Name);
        return path;
    }
}
