namespace NativeSeg.Inference;

/// <summary>One input file and where its outputs go (<see cref="ProbabilityPath"/> null when not requested).</summary>
public sealed record PredictionCase(string Name, string InputPath, string MaskPath, string? ProbabilityPath)
{
    public IReadOnlyList<string> Outputs => ProbabilityPath is null ? [MaskPath] : [MaskPath, ProbabilityPath];
}
