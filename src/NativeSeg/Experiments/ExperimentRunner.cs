using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using NativeSeg.Nets;
using NativeSeg.Training;

namespace NativeSeg.Experiments;

/// <summary>The comparison table of the models trained on one training set.</summary>
public sealed record SetComparison(TrainingSet Set, ModelComparison Comparison, string BoxPlot);

public sealed record ExperimentResult(ExperimentLayout Layout, IReadOnlyList<SetComparison> Tables, string? Overlay, IReadOnlyList<StepRecord> Steps)
{
    /// <summary>Runs whose results are missing because another process holds one of their steps: no tables or report yet.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];
}

/// <summary>
/// Runs a protocol: for every training set and model, train (resuming an interrupted run), predict every test
/// case, evaluate against labelsTs; then the comparison tables, box plots, the 2D overlay and report.md.
/// Each step is skipped when an earlier run finished it, so re-running the command continues where it stopped, and
/// skipped (with the steps after it) while another process holds it: several processes share one experiment folder.
/// </summary>
public static class ExperimentRunner
{
    public static ExperimentResult Run(ExperimentSettings s, IExperimentProgress? progress = null)
    {
        var started = DateTime.UtcNow;
        var dataset = NnUNetDataset.Open(s.DataDir);
        if (dataset.Test.Count == 0 || dataset.Test.Any(c => c.LabelPath is null))
            throw new InvalidDataException($"{s.DataDir}: the experiment needs test cases with labels (imagesTs + labelsTs)");
        string casesTsv = Path.Combine(s.DataDir, CaseTable.FileName);
        if (!File.Exists(casesTsv)) throw new FileNotFoundException($"{casesTsv}: the experiment needs cases.tsv (groups {string.Join(", ", s.Protocol.TestGroups)})");
        foreach (var set in s.Protocol.TrainingSets)
            if (dataset.TrainingIn(set.Groups).Count == 0)
                throw new InvalidDataException($"{s.DataDir}: no training cases in groups {string.Join(", ", set.Groups)} (cases.tsv)");

        var layout = new ExperimentLayout(s.OutDir);
        Directory.CreateDirectory(s.OutDir);
        var ledger = new StepLedger(layout.Steps);
        // Seed-major: an interrupted or partial run has every model for its first seeds, not one model for all seeds.
        foreach (var set in s.Protocol.TrainingSets)
        {
            foreach (long seed in s.AllSeeds)
                foreach (var kind in s.Models)
                    RunSeed(s, set, kind, seed, dataset, casesTsv, layout, ledger, progress);
            foreach (var kind in s.Models) AverageSeeds(s, set, kind, layout, ledger, progress);
        }
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
        var result = new ExperimentResult(layout, tables, overlay, ledger.Steps);
        ExperimentReport.Write(s, result, started);
        return result;
    }

    private static void AverageSeeds(ExperimentSettings s, TrainingSet set, ModelKind kind, ExperimentLayout layout, StepLedger ledger, IExperimentProgress? progress)
    {
        if (s.AllSeeds.Count < 2 || s.AllSeeds.Any(seed => !File.Exists(layout.Results(set, kind, seed)))) return;
        ledger.Run($"average {set.Name} {kind.Name()}", () =>
        {
            progress?.StepStarted($"average {kind.Name()} on {set.Name} over seeds {string.Join(", ", s.AllSeeds)}");
            var perSeed = s.AllSeeds.Select(seed => ResultsCsv.Read(layout.Results(set, kind, seed))).ToList();
            ResultsCsv.Write(layout.Results(set, kind), SeedAverage.PerCase(perSeed));
        });
    }

    private static void RunSeed(ExperimentSettings s, TrainingSet set, ModelKind kind, long seed, NnUNetDataset dataset, string casesTsv,
                                ExperimentLayout layout, StepLedger ledger, IExperimentProgress? progress)
    {
        long? tag = s.SeedTag(seed);
        string modelDir = layout.Model(set, kind, tag), predictions = layout.Predictions(set, kind, tag), results = layout.Results(set, kind, tag);
        string run = ExperimentLayout.Run(kind, tag);
        string label = $"{run} on {set.Name}";
        bool trained = ledger.Run($"train {set.Name} {run}", () =>
        {
            progress?.StepStarted($"train {label}");
            var options = s.Recipe.ApplyTo(s.Scale.Training(s.DataDir, modelDir, kind, set, seed));
            RestartingTraining.Run(options, progress?.Training);
        });
        if (!trained) return;
        bool predicted = ledger.Run($"predict {set.Name} {run}", () =>
        {
            progress?.StepStarted($"predict test cases with {label}");
            Directory.CreateDirectory(predictions);
            var runner = new PredictionRunner(Predictors.Load(modelDir, s.Scale.Prediction));
            runner.Run(Path.Combine(dataset.Root, "imagesTs"), predictions, probabilities: false, keepComplete: true);
        });
        if (!predicted) return;
        ledger.Run($"evaluate {set.Name} {run}", () =>
        {
            progress?.StepStarted($"evaluate {label}");
            var rows = FolderEvaluation.Run(predictions, Path.Combine(dataset.Root, "labelsTs"), casesTsv)
                .Where(r => s.Protocol.TestGroups.Contains(r.Group)).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(results)!);
            ResultsCsv.Write(results, rows);
        });
    }

    public static string TrainStep(TrainingSet set, ModelKind kind) => $"train {set.Name} {kind.Name()}";

    /// <summary>Figure 2: the first test case of a 2D group (named "2d..."), every model's prediction side by side (TP blue, FN green, FP red).</summary>
    private static string? Overlay(NnUNetDataset dataset, ExperimentSettings s, ExperimentLayout layout, TrainingSet set)
    {
        var c = dataset.Test.FirstOrDefault(x => x.Group.StartsWith(ExperimentProtocol.Group2d, StringComparison.Ordinal) && s.Protocol.TestGroups.Contains(x.Group));
        if (c is null) return null;
        var image = NiftiReader.Read(c.ImagePath);
        var truth = Mask.From(NiftiReader.Read(c.LabelPath!));
        var panels = s.Models.Select(k => new OverlayRenderer.Panel(k.Name(),
            Mask.From(NiftiReader.Read(Path.Combine(layout.Predictions(set, k, s.SeedTag(s.AllSeeds[0])), c.Name + ".nii.gz"))))).ToList();
        string path = Path.Combine(layout.Figures, $"overlay_{c.Name}.png");
        OverlayRenderer.Write(path, image, truth, panels, SlicePlane.Acquisition(image));
        return path;
    }
}
