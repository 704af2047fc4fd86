using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// MICCAI 2017 WMH segmentation challenge (Kuijf et al. 2019, IEEE TMI 38:2556; hjkuijf/wmhchallenge evaluation.py).
/// Truth label 1 is WMH; label 2 ("other pathology") is removed from the prediction and counts nowhere. Dice (null when
/// both masks are empty); HD95 = max of the two directed 95th percentiles (numpy's linear interpolation) of distances
/// (mm) between boundary voxels, the boundary being the mask minus its erosion by a 3x3 in-plane element (SimpleITK
/// BinaryErode radius (1,1,0): a ball of radius 1 in the i-j plane, the full 3x3 square, image border counted as
/// foreground), null when the prediction (official: NaN) or the truth is empty; AVD = |V_truth − V_pred| / V_truth ×
/// 100 (%); lesion recall = truth lesions overlapped by the prediction / truth lesions (1 without truth lesions) and
/// lesion F1 with precision = predicted lesions overlapping truth / predicted lesions (1 without predictions), lesions
/// 26-connected (SetFullyConnected(True)), detection on any overlap. (The 2017 copy of the script divided the number
/// of detected truth lesions by the number of predicted lesions; the current script counts predicted lesions.)
/// </summary>
public sealed class Wmh2017Metrics : IChallengeMetrics
{
    public const int Connectivity = 26;

    public ChallengePreset Preset => ChallengePreset.Wmh2017;

    public IReadOnlyList<ChallengeColumn> Columns { get; } =
        [new("wmh_dice", true), new("wmh_hd95_mm", false), new("wmh_avd_pct", false), new("wmh_lesion_recall", true), new("wmh_lesion_f1", true)];

    public IReadOnlyDictionary<string, double?> Compute(ChallengeCase c)
    {
        var pred = c.Ignore is { } ignore ? c.Pred.Select((v, n) => v && !ignore[n]).ToArray() : c.Pred;
        var o = ComponentOverlap.Of(c.Truth, pred, c.Shape, Connectivity);
        long tp = o.TruePositiveVoxels, p = tp + o.FalsePositiveVoxels, t = tp + o.FalseNegativeVoxels;
        double recall = o.TruthCount == 0 ? 1 : (double)o.TruthHit() / o.TruthCount;
        double precision = o.PredCount == 0 ? 1 : (double)o.PredHit() / o.PredCount;
        return new Dictionary<string, double?>
        {
            ["wmh_dice"] = p + t == 0 ? null : 2.0 * tp / (p + t),
            ["wmh_hd95_mm"] = p == 0 || t == 0 ? null : Hd95(pred, c.Truth, c.Shape, c.Spacing),
            ["wmh_avd_pct"] = t == 0 ? null : Math.Abs(t - p) * 100.0 / t,
            ["wmh_lesion_recall"] = recall,
            ["wmh_lesion_f1"] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
        };
    }

    private static double Hd95(bool[] pred, bool[] truth, Shape3 shape, Spacing spacing)
    {
        bool[] bp = Boundary(pred, shape), bt = Boundary(truth, shape);
        double Directed(bool[] from, bool[] to) => HausdorffDistance.Percentile(HausdorffDistance.Directed(from, to, shape, spacing).ToArray(), 95);
        return Math.Max(Directed(bt, bp), Directed(bp, bt));
    }

    /// <summary>The mask minus its in-plane 3x3 erosion (outside the image counts as foreground, as BinaryErode's default).</summary>
    public static bool[] Boundary(bool[] mask, Shape3 shape)
    {
        var boundary = new bool[mask.Length];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    long n = shape.Index(i, j, k);
                    if (!mask[n]) continue;
                    for (int dj = -1; dj <= 1 && !boundary[n]; dj++)
                        for (int di = -1; di <= 1; di++)
                        {
                            int a = i + di, b = j + dj;
                            if (a < 0 || b < 0 || a >= shape.X || b >= shape.Y || mask[shape.Index(a, b, k)]) continue;
                            boundary[n] = true;
                            break;
                        }
                }
        return boundary;
    }
}
