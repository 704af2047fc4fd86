namespace NativeSeg.Inference;

/// <summary>One input file and where its outputs go (the optional ones null when not requested).</summary>
public sealed record PredictionCase(string Name, string InputPath, string MaskPath, string? ProbabilityPath,
                                   string? UncertaintyPath = null, string? MutualInformationPath = null)
{
    public IReadOnlyList<string> Outputs =>
        new[] { MaskPath, ProbabilityPath, UncertaintyPath, MutualInformationPath }.OfType<string>().ToList();
}
