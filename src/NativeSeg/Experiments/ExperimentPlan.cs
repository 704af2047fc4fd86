using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Inference;
using NativeSeg.Training;

namespace NativeSeg.Experiments;

public enum StepKind { Train, Predict, Evaluate, Average, Report }

/// <summary>
/// One resumable step of an experiment: its ledger name, the steps it needs finished first, and its work (a predict
/// step can be given a shard of the test cases).
/// </summary>
public sealed record ExperimentStep(string Name, StepKind Kind, IReadOnlyList<string> After, Action<Shard?> Work)
{
    /// <summary>Predict steps: the image folder they predict and the folder they write (to tell when every shard is done).</summary>
    public (string Images, string Predictions)? Folders { get; init; }

    /// <summary>The step's memory estimate (<see cref="MemoryEstimate"/>), when computable from cases.tsv: Slurm's --mem.</summary>
    public double? MemoryBytes { get; init; }

    /// <summary>The step's expected seconds on this many cores (<see cref="StepTime"/>), when computable: Slurm's --time.
    /// A function, since it reads headers and may build a net: only `--emit slurm` asks.</summary>
    public Func<int, double?>? Seconds { get; init; }
}

/// <summary>
/// The steps of an experiment in execution order, seed-major (an interrupted or partial run has every model for its
/// first seeds, not one model for all seeds): per training set, seed and model train → predict → evaluate; per model
/// the average over seeds after all its seeds are evaluated. The tables and report follow every step
/// (<see cref="ReportStep"/>). Local runs, several processes on one folder and Slurm jobs all run this one list.
/// </summary>
public static class ExperimentPlan
{
    public const string ReportStep = "report";

    public static IReadOnlyList<ExperimentStep> Build(ExperimentSettings s, NnUNetDataset dataset, string casesTsv, ExperimentLayout layout, IExperimentProgress? progress)
    {
        var steps = new List<ExperimentStep>();
        foreach (var set in s.Protocol.TrainingSets)
        {
            foreach (long seed in s.AllSeeds)
                foreach (var kind in s.Models)
                    steps.AddRange(SeedSteps(s, set, kind, seed, dataset, casesTsv, layout, progress));
            if (s.AllSeeds.Count < 2) continue;
            foreach (var kind in s.Models)
            {
                var evaluated = s.AllSeeds.Select(seed => $"evaluate {set.Name} {ExperimentLayout.Run(kind, seed)}").ToList();
                steps.Add(new ExperimentStep($"average {set.Name} {kind.Name()}", StepKind.Average, evaluated, _ =>
                {
                    progress?.StepStarted($"average {kind.Name()} on {set.Name} over seeds {string.Join(", ", s.AllSeeds)}");
                    var perSeed = s.AllSeeds.Select(seed => ResultsCsv.Read(layout.Results(set, kind, seed))).ToList();
                    ResultsCsv.Write(layout.Results(set, kind), SeedAverage.PerCase(perSeed));
                }));
            }
        }
        return steps;
    }

    private static IEnumerable<ExperimentStep> SeedSteps(ExperimentSettings s, TrainingSet set, ModelKind kind, long seed, NnUNetDataset dataset, string casesTsv,
                                                         ExperimentLayout layout, IExperimentProgress? progress)
    {
        long? tag = s.SeedTag(seed);
        string modelDir = layout.Model(set, kind, tag), predictions = layout.Predictions(set, kind, tag), results = layout.Results(set, kind, tag);
        string run = ExperimentLayout.Run(kind, tag);
        string label = $"{run} on {set.Name}";
        string train = $"train {set.Name} {run}", predict = $"predict {set.Name} {run}";
        var trainOptions = s.Recipe.ApplyTo(s.Scale.Training(s.DataDir, modelDir, kind, set, seed));
        // With folds, one run per fold, each validated on its fold, and the test set predicted by their ensemble.
        var runs = s.Folds is int folds
            ? Enumerable.Range(0, folds).Select(f => (Step: $"{train} fold{f}", Label: $"{label}, fold {f} of {folds}",
                Options: trainOptions with { OutDir = layout.FoldModel(set, kind, tag, f), Fold = new Fold(folds, f, layout.Splits(set, seed, folds)) })).ToList()
            : [(Step: train, Label: label, Options: trainOptions)];
        foreach (var r in runs)
            yield return new ExperimentStep(r.Step, StepKind.Train, [], _ =>
            {
                progress?.StepStarted($"train {r.Label}");
                RestartingTraining.Run(r.Options with { Resume = Checkpoint.Find(r.Options.OutDir) is not null }, progress?.Training);
            })
            {
                MemoryBytes = TrainingMemory(r.Options, dataset.TrainingIn(set.Groups)),
                Seconds = cores => StepTime.Training(r.Options, dataset.TrainingIn(set.Groups), cores),
            };
        var members = runs.Select(r => r.Options.OutDir).ToList();
        yield return new ExperimentStep(predict, StepKind.Predict, runs.Select(r => r.Step).ToList(), shard =>
        {
            progress?.StepStarted($"predict test cases with {label}{(members.Count > 1 ? $" (ensemble of {members.Count} folds)" : "")}{(shard is null ? "" : $" (shard {shard})")}");
            Directory.CreateDirectory(predictions);
            // The test set is predicted in the precision the models trained in.
            var prediction = s.Scale.Prediction with { Precision = trainOptions.Precision };
            var predictors = members.Select(m => Predictors.Load(m, prediction)).ToList();
            var runner = new PredictionRunner(predictors.Count == 1 ? predictors[0] : new EnsemblePredictor(predictors),
                PredictionRecord.For(members, members.Select(_ => trainOptions.Config.Name).ToList(), prediction.Settings(probabilities: false)));
            runner.Run(TestImages(dataset), predictions, probabilities: false, keepComplete: true, shard: shard);
        })
        {
            Folders = (TestImages(dataset), predictions),
            MemoryBytes = PredictionMemory(trainOptions.Config, s.Scale.Prediction, dataset.Test),
            Seconds = cores => StepTime.Prediction(trainOptions.Config, s.Scale.Prediction, dataset.Test, cores),
        };
        yield return new ExperimentStep($"evaluate {set.Name} {run}", StepKind.Evaluate, [predict], _ =>
        {
            progress?.StepStarted($"evaluate {label}");
            var rows = FolderEvaluation.Run(predictions, Path.Combine(dataset.Root, "labelsTs"), casesTsv)
                .Where(r => s.Protocol.TestGroups.Contains(r.Group)).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(results)!);
            ResultsCsv.Write(results, rows);
        });
    }

    private static string TestImages(NnUNetDataset dataset) => Path.Combine(dataset.Root, "imagesTs");

    /// <summary>The largest training-step memory estimate over the training cases' spacings (cases.tsv); null when none is listed.</summary>
    private static double? TrainingMemory(TrainingOptions o, IReadOnlyList<DatasetCase> cases) =>
        cases.Where(c => c.ListedSpacing is not null).Select(c => o.Config.Preprocessing.Grid.Target ?? c.ListedSpacing!.Value)
            .Select(grid => (double?)MemoryEstimate.TrainingBytes(o.Config, o.PatchSize.For(grid), grid)).Max();

    /// <summary>The largest prediction-window memory estimate (the net's pass; the whole-grid arrays come on top) over the
    /// test cases' spacings; null for whole-volume prediction or no listed spacing.</summary>
    private static double? PredictionMemory(ModelConfig config, PredictionOptions prediction, IReadOnlyList<DatasetCase> cases) =>
        cases.Where(c => c.ListedSpacing is not null).Select(c => config.Preprocessing.Grid.Target ?? c.ListedSpacing!.Value)
            .Select(grid => prediction.Window(grid) is { } window ? (double?)MemoryEstimate.InferenceBytes(config, window, grid) : null).Max();
}
