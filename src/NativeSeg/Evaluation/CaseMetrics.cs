using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>All per-case metrics of one prediction against its truth (same grid required).</summary>
public sealed record CaseMetrics(double Dice, double TruthVolumeMl, double PredVolumeMl, double AbsVolumeDiffMl,
    double? Hd95Mm, LesionMetrics Lesions)
{
    public static CaseMetrics Compute(Volume pred, Volume truth)
    {
        if (pred.Shape != truth.Shape)
            throw new ArgumentException($"prediction grid {pred.Shape} differs from truth grid {truth.Shape}");
        var p = Mask.From(pred);
        var t = Mask.From(truth);
        double tv = OverlapMetrics.VolumeMl(t, truth.Spacing), pv = OverlapMetrics.VolumeMl(p, truth.Spacing);
        return new CaseMetrics(OverlapMetrics.Dice(p, t), tv, pv, Math.Abs(pv - tv),
            HausdorffDistance.Hd95(p, t, truth.Shape, truth.Spacing), LesionMetrics.Compute(p, t, truth.Shape));
    }
}
