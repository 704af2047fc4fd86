using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>All per-case metrics of one prediction against its truth (same grid required).</summary>
public sealed record CaseMetrics(double Dice, double TruthVolumeMl, double PredVolumeMl, double AbsVolumeDiffMl,
    double? Hd95Mm, LesionMetrics Lesions)
{
    public static CaseMetrics Compute(Volume pred, Volume truth)
    {
        if (pred.Shape != truth.Shape)
            throw new UserInputException($"prediction grid {pred.Shape} differs from truth grid {truth.Shape}");
        return Compute(Mask.From(pred), Mask.From(truth), truth.Shape, truth.Spacing);
    }

    /// <summary>The metrics of foreground masks on one grid.</summary>
    public static CaseMetrics Compute(bool[] p, bool[] t, Shape3 shape, Spacing spacing)
    {
        double tv = OverlapMetrics.VolumeMl(t, spacing), pv = OverlapMetrics.VolumeMl(p, spacing);
        return new CaseMetrics(OverlapMetrics.Dice(p, t), tv, pv, Math.Abs(pv - tv),
            HausdorffDistance.Hd95(p, t, shape, spacing), LesionMetrics.Compute(p, t, shape));
    }
}
