using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;

namespace NativeSeg.Experiments.Sweep;

/// <summary>
/// A resolution sweep: the models of a finished experiment (or a folder of model folders), tested on the same
/// phantom subjects acquired on every grid of <see cref="Plan"/>.
/// </summary>
public sealed record SweepSettings(string ModelsFrom, string OutDir, ExperimentScale Scale, IReadOnlyList<ModelKind> Models, long Seed = 0)
{
    /// <summary>Which training set's models to test (experiment folders with several); null = the only or broadest one.</summary>
    public string? TrainingSet { get; init; }

    public SweepPlan Plan { get; init; } = Scale.Sweep;
}

/// <summary>Where a sweep keeps each output under its --out folder.</summary>
public sealed record SweepLayout(string Root)
{
    public string GridResults(ModelKind kind, SweepPoint point, Plane plane) =>
        Path.Combine(Root, "results", "grids", kind.Name(), $"{plane.Name()}_{point.Label}.csv");
    public string Results(ModelKind kind) => Path.Combine(Root, "results", kind.Name() + ".csv");
    public string Figure => Path.Combine(Root, "figures", "dice_vs_spacing.png");
    public string Steps => Path.Combine(Root, "steps");
    public string Report => Path.Combine(Root, "report.md");
    public string RunJson => Path.Combine(Root, "run.json");
}
