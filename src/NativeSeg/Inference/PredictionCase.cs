namespace NativeSeg.Inference;

/// <summary>One input file and where its outputs go (the optional ones null when not requested).</summary>
public sealed record PredictionCase(string Name, string InputPath, string MaskPath, string? ProbabilityPath,
                                   string? UncertaintyPath = null, string? MutualInformationPath = null)
{
    /// <summary>How the mask's sidecar names its source image (a BIDS URI such as bids:raw:sub-01/anat/sub-01_FLAIR.nii.gz), or null.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> Outputs =>
        new[] { MaskPath, ProbabilityPath, UncertaintyPath, MutualInformationPath }.OfType<string>().ToList();
}
