using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>
/// Lesion-wise detection metrics on 26-connected components. A lesion counts as detected when it overlaps
/// the other mask by at least one voxel.
/// <list type="bullet">
/// <item>TPR = truth lesions overlapped by pred / truth lesions (lesion recall; NaN when truth has none).</item>
/// <item>FPR = pred lesions not overlapping truth / pred lesions: the "false discovery" form common in MS
/// papers, i.e. 1 - lesion precision (NaN when pred has none).</item>
/// <item>F1 = 2 P R / (P + R) with P = 1 - FPR, R = TPR; 1 when both masks have no lesions, 0 when exactly
/// one has none.</item>
/// </list>
/// </summary>
public sealed record LesionMetrics(int TruthLesions, int PredLesions, int TruthDetected, int PredTrue,
    double Tpr, double Fpr, double F1)
{
    public static LesionMetrics Compute(bool[] pred, bool[] truth, Shape3 shape)
    {
        var (tl, tn) = ConnectedComponents.Label26(truth, shape);
        var (pl, pn) = ConnectedComponents.Label26(pred, shape);
        var truthHit = new bool[tn + 1];
        var predHit = new bool[pn + 1];
        for (long n = 0; n < truth.Length; n++)
        {
            if (tl[n] != 0 && pl[n] != 0)
            {
                truthHit[tl[n]] = true;
                predHit[pl[n]] = true;
            }
        }
        int td = truthHit.Count(h => h), pt = predHit.Count(h => h);
        double tpr = tn == 0 ? double.NaN : (double)td / tn;
        double fpr = pn == 0 ? double.NaN : (double)(pn - pt) / pn;
        double f1;
        if (tn == 0 && pn == 0) f1 = 1.0;
        else if (tn == 0 || pn == 0) f1 = 0.0;
        else
        {
            double precision = (double)pt / pn, recall = tpr;
            f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        }
        return new LesionMetrics(tn, pn, td, pt, tpr, fpr, f1);
    }
}
