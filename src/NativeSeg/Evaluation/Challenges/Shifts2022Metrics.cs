namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// Shifts 2022 MS lesion track (Malinin et al. 2022, arXiv:2206.15407; Shifts-Project/shifts mswml/metrics.py):
/// normalised Dice nDSC = 2TP / (k·FP + 2TP + FN), k = (1 − r)·|truth| / (r·(N − |truth|)) with the reference lesion
/// load r = 0.001 (k = 1 for an empty truth; 1 when both masks are empty) — Dice as if the truth filled 0.1 % of the
/// volume; lesion F1 = TP / (TP + (FP + FN)/2) with lesions as scipy.ndimage.label's default 6-connected components,
/// a predicted lesion a TP when its largest IoU with an overlapping truth lesion is ≥ 0.25, a truth lesion a FN when
/// its largest IoU with an overlapping predicted lesion is below 0.25 (1 when there are no lesions at all); and Dice
/// (1 when both masks are empty).
/// </summary>
public sealed class Shifts2022Metrics : IChallengeMetrics
{
    public const double ReferenceLoad = 0.001, IouThreshold = 0.25;
    public const int Connectivity = 6;

    public ChallengePreset Preset => ChallengePreset.Shifts2022;

    public IReadOnlyList<ChallengeColumn> Columns { get; } = [new("shifts_ndsc", true), new("shifts_lesion_f1", true), new("shifts_dice", true)];

    /// <summary>The area under the error-retention curve of nDSC (<see cref="ErrorRetention"/>), with uncertainty maps.</summary>
    public const string RAucColumn = "shifts_r_auc";

    public IReadOnlyList<ChallengeColumn> OptionalColumns { get; } = [new(RAucColumn, false)];

    public IReadOnlyDictionary<string, double?> Compute(ChallengeCase c)
    {
        var lesions = ComponentOverlap.Of(c.Truth, c.Pred, c.Shape, Connectivity);
        long tp = lesions.TruePositiveVoxels, fp = lesions.FalsePositiveVoxels, fn = lesions.FalseNegativeVoxels;
        double ndsc = NormalizedDice(tp, fp, fn, tp + fn, c.Pred.LongLength);
        double dice = tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
        return new Dictionary<string, double?> { ["shifts_ndsc"] = ndsc, ["shifts_lesion_f1"] = LesionF1(lesions), ["shifts_dice"] = dice };
    }

    /// <summary>nDSC from voxel counts: <paramref name="truth"/> lesion voxels of <paramref name="voxels"/>.</summary>
    public static double NormalizedDice(long tp, long fp, long fn, long truth, long voxels)
    {
        if (tp + fp + fn == 0) return 1;
        double k = truth == 0 ? 1 : (1 - ReferenceLoad) * truth / (ReferenceLoad * (voxels - truth));
        return 2.0 * tp / (k * fp + 2.0 * tp + fn);
    }

    private static double LesionF1(ComponentOverlap o)
    {
        double Iou(int ti, int pj)
        {
            double inter = o.Count[ti, pj];
            return inter / (o.TruthSize(ti) + o.PredSize(pj) - inter);
        }
        int tp = 0, fp = 0, fn = 0;
        for (int pj = 1; pj <= o.PredCount; pj++)
        {
            double best = Enumerable.Range(1, o.TruthCount).Where(ti => o.Count[ti, pj] > 0).Select(ti => Iou(ti, pj)).DefaultIfEmpty(0).Max();
            if (best >= IouThreshold) tp++; else fp++;
        }
        for (int ti = 1; ti <= o.TruthCount; ti++)
        {
            double best = Enumerable.Range(1, o.PredCount).Where(pj => o.Count[ti, pj] > 0).Select(pj => Iou(ti, pj)).DefaultIfEmpty(0).Max();
            if (best < IouThreshold) fn++;
        }
        return tp + 0.5 * (fp + fn) == 0 ? 1 : tp / (tp + 0.5 * (fp + fn));
    }
}
