namespace NativeSeg.Evaluation;

/// <summary>The per-case metric columns of results.csv, in order, and which direction is better for each.</summary>
public static class MetricColumns
{
    public static readonly string[] All =
    [
        "dice", "lesion_tpr", "lesion_fpr", "lesion_f1", "lesions_truth", "lesions_pred",
        "volume_truth_ml", "volume_pred_ml", "abs_volume_diff_ml", "hd95_mm",
    ];

    /// <summary>Undefined values (HD95 with an empty mask, TPR without truth lesions) are null, written as empty cells.</summary>
    public static IReadOnlyDictionary<string, double?> Of(CaseMetrics m)
    {
        static double? Defined(double v) => double.IsFinite(v) ? v : null;
        return new Dictionary<string, double?>
        {
            ["dice"] = m.Dice,
            ["lesion_tpr"] = Defined(m.Lesions.Tpr),
            ["lesion_fpr"] = Defined(m.Lesions.Fpr),
            ["lesion_f1"] = m.Lesions.F1,
            ["lesions_truth"] = m.Lesions.TruthLesions,
            ["lesions_pred"] = m.Lesions.PredLesions,
            ["volume_truth_ml"] = m.TruthVolumeMl,
            ["volume_pred_ml"] = m.PredVolumeMl,
            ["abs_volume_diff_ml"] = m.AbsVolumeDiffMl,
            ["hd95_mm"] = m.Hd95Mm,
        };
    }

    /// <summary>Lower is better for error-like metrics; higher for overlap and detection.</summary>
    public static bool HigherIsBetter(string metric) =>
        Challenges.ChallengeMetrics.HigherIsBetter(metric) ?? metric is not ("lesion_fpr" or "abs_volume_diff_ml" or "hd95_mm");

    public const string Notes =
        "Dice is 1.0 when prediction and truth are both empty; hd95_mm is empty when either mask is empty; " +
        "lesion_tpr is empty without truth lesions and lesion_fpr without predicted lesions (26-connected lesions, detected on >= 1 voxel overlap).";
}
