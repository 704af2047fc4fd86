using NativeSeg.Data;

namespace NativeSeg.Inference;

/// <summary>
/// `predict --bids`: every anatomical image of a BIDS dataset predicted into derivatives/nativeseg/, a BIDS derivative
/// dataset of its own (dataset_description.json with GeneratedBy NativeSeg and the model), outputs named by the
/// source's entities: &lt;entities&gt;_label-lesion_mask.nii.gz, &lt;entities&gt;_label-lesion_probseg.nii.gz, and the
/// mask's JSON sidecar naming its source (a BIDS URI) and the model.
/// </summary>
public static class BidsDerivatives
{
    public const string Pipeline = "nativeseg";

    public static IReadOnlyList<PredictionCase> Plan(string root, string suffix, string? session, bool probabilities, bool uncertainty, bool mutualInformation)
    {
        string derivatives = Path.Combine(root, "derivatives", Pipeline);
        var images = Bids.Find(root, suffix, session);
        var cases = images.Select(image =>
        {
            string mask = Bids.DerivativePath(derivatives, image, Bids.MaskSuffix);
            return new PredictionCase(image.Prefix, image.Path, mask, probabilities ? Bids.DerivativePath(derivatives, image, Bids.ProbabilitySuffix) : null,
                uncertainty ? PredictionPlan.SiblingPath(mask, NnUNetNames.UncertaintySuffix) : null,
                mutualInformation ? PredictionPlan.SiblingPath(mask, NnUNetNames.MutualInformationSuffix) : null)
            {
                Source = "bids:raw:" + Path.GetRelativePath(root, image.Path).Replace('\\', '/'),
            };
        }).ToList();
        var inputs = images.Select(i => i.Path).ToList();
        foreach (var path in cases.SelectMany(c => c.Outputs)) Imaging.OutputGuard.RequireNotAnInput(path, inputs);
        return cases;
    }

    /// <summary>The derivative dataset's dataset_description.json, naming NativeSeg's version and the model.</summary>
    public static void Describe(string derivatives, string modelDescription) =>
        Bids.WriteDescription(derivatives, "NativeSeg lesion segmentation", ProductVersion.Short, modelDescription);
}
