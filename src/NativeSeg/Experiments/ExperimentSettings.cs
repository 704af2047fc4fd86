using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;

namespace NativeSeg.Experiments;

public sealed record ExperimentSettings(ExperimentProtocol Protocol, string DataDir, string OutDir, ExperimentScale Scale, IReadOnlyList<ModelKind> Models, long Seed = 0)
{
    /// <summary>Training controls on top of the scale's own recipe (the CLI's --lr, --radial-cutoff, ...), for every model.</summary>
    public Training.TrainingRecipe Recipe { get; init; } = Training.TrainingRecipe.None;

    /// <summary>Training seeds; each model is trained, predicted and evaluated once per seed (default: the scale's, else just <see cref="Seed"/>).</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [];

    /// <summary>Run only this step of the plan (its prerequisites must be finished), or "report" for the tables alone; null = every step.</summary>
    public string? OnlyStep { get; init; }

    /// <summary>With <see cref="OnlyStep"/> a predict step: only this shard of the test cases (Slurm array tasks).</summary>
    public Data.Shard? Shard { get; init; }

    /// <summary>The models were copied from this folder of trained models (the demo's shipped ones), not trained by this experiment.</summary>
    public string? PretrainedModels { get; init; }

    /// <summary>K-fold cross-validation (null: one run per model and seed, validated on a held-out share): K runs per model
    /// and seed, each validated on its fold, and the test set predicted by the ensemble of the K.</summary>
    public int? Folds { get; init; }

    public IReadOnlyList<long> AllSeeds => Seeds.Count > 0 ? Seeds : Scale.DefaultSeeds.Count > 0 ? Scale.DefaultSeeds : [Seed];

    /// <summary>Several seeds: every run's folders and steps carry its seed; one seed keeps the single-run names.</summary>
    public long? SeedTag(long seed) => AllSeeds.Count > 1 ? seed : null;

    public static IReadOnlyList<ModelKind> AllModels { get; } = [ModelKind.RaUNet, ModelKind.UNet, ModelKind.UNet1mm];
}

/// <summary>Where an experiment keeps each output under its --out folder.</summary>
public sealed record ExperimentLayout(string Root)
{
    /// <summary>With a seed tag (several seeds) each run lives in "kind-seedS"; results/set/kind.csv then holds the per-case mean over seeds.</summary>
    public static string Run(ModelKind kind, long? seed) => seed is long s ? $"{kind.Name()}-seed{s}" : kind.Name();
    public string Model(TrainingSet set, ModelKind kind, long? seed = null) => Path.Combine(Root, "models", set.Name, Run(kind, seed));
    public string FoldModel(TrainingSet set, ModelKind kind, long? seed, int fold) => Path.Combine(Model(set, kind, seed), $"fold{fold}");
    /// <summary>One set of splits per training set and seed, shared by its models (so they are compared on the same folds).</summary>
    public string Splits(TrainingSet set, long seed, int folds) => Path.Combine(Root, "models", set.Name, $"splits-{folds}folds-seed{seed}.json");
    public string Predictions(TrainingSet set, ModelKind kind, long? seed = null) => Path.Combine(Root, "predictions", set.Name, Run(kind, seed));
    public string Results(TrainingSet set, ModelKind kind, long? seed = null) => Path.Combine(Root, "results", set.Name, Run(kind, seed) + ".csv");
    public string Figures => Path.Combine(Root, "figures");
    public string Steps => Path.Combine(Root, "steps");
    /// <summary>The output of each step that ran in a process of its own (--workers): one file per step, every attempt appended.</summary>
    public string Logs => Path.Combine(Root, "logs");
    public string Report => Path.Combine(Root, "report.md");
    /// <summary>The browser report (index.html inside): `nativeseg report` on the test cases.</summary>
    public string BrowserReport => Path.Combine(Root, "report");
    public string RunJson => Path.Combine(Root, "run.json");
}

/// <summary>What an experiment reports while it works.</summary>
public interface IExperimentProgress
{
    void StepStarted(string step);
    Training.ITrainingProgress? Training => null;
}
