namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// Shifts 2022's error-retention curve (Malinin et al. 2022; Shifts-Project/shifts mswml/metrics.py, ndsc_aac): sort
/// the voxels by uncertainty, most certain first; at a retention fraction f keep the prediction of the first
/// ⌊N·f⌋ voxels and replace the rest by the truth (as if a reader corrected them); nDSC of the result at each of the
/// 200 fractions f_i = ln(i) / ln(200), i = 1..200 (log-spaced, finer near full retention). R-AUC = 1 − the trapezoid
/// area under nDSC(f): lower is better, 0 when the uncertainty ranks every error last and the prediction is right
/// elsewhere. Over every voxel of the image, as the reference function receives them; voxels of equal uncertainty
/// keep their voxel order (a stable sort; NumPy's default sort is not stable, so on ties its curve can differ).
/// </summary>
public static class ErrorRetention
{
    public const int Points = 200;

    /// <summary>The retention fractions f_i = ln(i) / ln(200), i = 1..200: from 0 to 1.</summary>
    public static IReadOnlyList<double> Fractions { get; } = Enumerable.Range(1, Points).Select(i => Math.Log(i) / Math.Log(Points)).ToList();

    /// <summary>nDSC at each of <see cref="Fractions"/>.</summary>
    public static double[] Curve(bool[] truth, bool[] pred, float[] uncertainty)
    {
        long n = truth.LongLength;
        if (pred.LongLength != n || uncertainty.LongLength != n) throw new ArgumentException("truth, prediction and uncertainty differ in size");
        var order = Enumerable.Range(0, (int)n).OrderBy(i => uncertainty[i]).ToArray();   // LINQ's OrderBy is stable
        // Prefix counts over the ordered voxels: the kept part's TP, FP, FN; the replaced part contributes its truth as TP.
        var tp = new long[n + 1];
        var fp = new long[n + 1];
        var fn = new long[n + 1];
        var positives = new long[n + 1];
        for (long k = 0; k < n; k++)
        {
            int v = order[k];
            tp[k + 1] = tp[k] + (truth[v] && pred[v] ? 1 : 0);
            fp[k + 1] = fp[k] + (!truth[v] && pred[v] ? 1 : 0);
            fn[k + 1] = fn[k] + (truth[v] && !pred[v] ? 1 : 0);
            positives[k + 1] = positives[k] + (truth[v] ? 1 : 0);
        }
        long t = positives[n];
        return Fractions.Select(f =>
        {
            long pos = (long)(n * f);
            return Shifts2022Metrics.NormalizedDice(tp[pos] + (t - positives[pos]), fp[pos], fn[pos], t, n);
        }).ToArray();
    }

    /// <summary>1 − the trapezoid area under <paramref name="curve"/> over <see cref="Fractions"/>.</summary>
    public static double RAuc(IReadOnlyList<double> curve)
    {
        double area = 0;
        for (int i = 1; i < Points; i++) area += (Fractions[i] - Fractions[i - 1]) * (curve[i] + curve[i - 1]) / 2;
        return 1 - area;
    }
}
