namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// ISBI 2015 longitudinal MS lesion challenge (Carass et al. 2017, NeuroImage 148:77, §2.4 "Evaluation"): Dice, voxel
/// PPV and TPR, lesion TPR (truth lesions overlapped by the prediction / truth lesions), lesion FPR (predicted lesions
/// overlapping no truth lesion / predicted lesions), VD = |V_pred − V_truth| / V_truth, and the per-case part of the
/// challenge score Dice/8 + PPV/8 + (1 − LFPR)/4 + LTPR/4 (the remaining Corr/4 is a correlation across cases, not a
/// per-case number). Lesions are 26-connected components, as the IACL group's lesion_metrics (skimage's full
/// connectivity) counts them; no minimum size. Undefined ratios (empty masks) are null.
/// </summary>
public sealed class Isbi2015Metrics : IChallengeMetrics
{
    public const int Connectivity = 26;

    public ChallengePreset Preset => ChallengePreset.Isbi2015;

    public IReadOnlyList<ChallengeColumn> Columns { get; } =
    [
        new("isbi_dice", true), new("isbi_ppv", true), new("isbi_tpr", true), new("isbi_ltpr", true), new("isbi_lfpr", false),
        new("isbi_vd", false), new("isbi_score_without_corr", true),
    ];

    public IReadOnlyDictionary<string, double?> Compute(ChallengeCase c)
    {
        var table = ComponentOverlap.Of(c.Truth, c.Pred, c.Shape, Connectivity);
        long tp = table.TruePositiveVoxels, p = tp + table.FalsePositiveVoxels, t = tp + table.FalseNegativeVoxels;
        double? Ratio(double num, double den) => den == 0 ? null : num / den;
        double? dice = Ratio(2.0 * tp, p + t), ppv = Ratio(tp, p), tpr = Ratio(tp, t);
        double? ltpr = Ratio(table.TruthHit(), table.TruthCount), lfpr = Ratio(table.PredCount - table.PredHit(), table.PredCount);
        double? score = dice is { } d && ppv is { } v && lfpr is { } f && ltpr is { } l ? d / 8 + v / 8 + (1 - f) / 4 + l / 4 : null;
        return new Dictionary<string, double?>
        {
            ["isbi_dice"] = dice, ["isbi_ppv"] = ppv, ["isbi_tpr"] = tpr, ["isbi_ltpr"] = ltpr, ["isbi_lfpr"] = lfpr,
            ["isbi_vd"] = Ratio(Math.Abs(p - t), t), ["isbi_score_without_corr"] = score,
        };
    }
}
