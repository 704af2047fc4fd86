using NativeSeg.Nets;

namespace NativeSeg.Training;

/// <summary>
/// One training run. Defaults are the paper's (120³ patches, Adam 5e-3, patience 300 epochs) with nnU-Net's
/// epoch of 250 steps; tests and the quick experiments shrink them.
/// </summary>
public sealed record TrainingOptions
{
    public required string DataDir { get; init; }
    public required string OutDir { get; init; }
    public ModelConfig Config { get; init; } = new();
    public int Patch { get; init; } = 120;
    /// <summary>Zero pad patches to the full patch size where a volume is smaller (see <see cref="PatchSampler"/>).</summary>
    public bool PadToPatch { get; init; } = true;
    public int Epochs { get; init; } = 1000;
    public int StepsPerEpoch { get; init; } = 250;
    public int Patience { get; init; } = 300;
    public double LearningRate { get; init; } = 5e-3;
    public long Seed { get; init; }
    public bool Resume { get; init; }
    /// <summary>Train only on cases of these cases.tsv groups (all when empty).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
    /// <summary>Share of the training cases held out for validation (at least one case when there are two or more).</summary>
    public double ValidationFraction { get; init; } = 0.2;
    public double ForegroundShare { get; init; } = 1.0 / 3;
    public string Device { get; init; } = "cpu";
}
