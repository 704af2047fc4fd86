using NativeSeg.Nets;

namespace NativeSeg.Experiments;

public sealed record ExperimentSettings(ExperimentProtocol Protocol, string DataDir, string OutDir, ExperimentScale Scale, IReadOnlyList<ModelKind> Models, long Seed = 0)
{
    /// <summary>Training controls on top of the scale's own recipe (the CLI's --lr, --radial-cutoff, ...), for every model.</summary>
    public Training.TrainingRecipe Recipe { get; init; } = Training.TrainingRecipe.None;

    public static IReadOnlyList<ModelKind> AllModels { get; } = [ModelKind.RaUNet, ModelKind.UNet, ModelKind.UNet1mm];
}

/// <summary>Where an experiment keeps each output under its --out folder.</summary>
public sealed record ExperimentLayout(string Root)
{
    public string Model(TrainingSet set, ModelKind kind) => Path.Combine(Root, "models", set.Name, kind.Name());
    public string Predictions(TrainingSet set, ModelKind kind) => Path.Combine(Root, "predictions", set.Name, kind.Name());
    public string Results(TrainingSet set, ModelKind kind) => Path.Combine(Root, "results", set.Name, kind.Name() + ".csv");
    public string Figures => Path.Combine(Root, "figures");
    public string Steps => Path.Combine(Root, "steps");
    public string Report => Path.Combine(Root, "report.md");
    public string RunJson => Path.Combine(Root, "run.json");
}

/// <summary>What an experiment reports while it works.</summary>
public interface IExperimentProgress
{
    void StepStarted(string step);
    Training.ITrainingProgress? Training => null;
}
