namespace NativeSeg.Evaluation;

public sealed record WilcoxonResult(int N, double Statistic, double P, bool Exact);

/// <summary>
/// Two-sided Wilcoxon signed-rank test on paired samples, following scipy.stats.wilcoxon(a, b) defaults:
/// d = a - b, zero_method "wilcox" (zero differences dropped), ranks of |d| with ties averaged,
/// statistic = min(R+, R-). Method "auto": the exact null distribution (all 2^n sign assignments) when
/// n &lt;= 50 and there were no zero differences and no tied |d| (with ties the integer-rank exact
/// distribution does not apply); otherwise the normal approximation with tie-corrected variance
/// n(n+1)(2n+1)/24 - Σ(t³-t)/48 and no continuity correction.
/// </summary>
public static class Wilcoxon
{
    public static WilcoxonResult Test(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired samples differ in length");
        var all = a.Zip(b, (x, y) => x - y).ToArray();
        int zeros = all.Count(x => x == 0);
        var d = all.Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0) throw new ArgumentException("all paired differences are zero");
        var ranks = AverageRanks(d.Select(Math.Abs).ToArray(), out var tieSizes);
        double rPlus = 0, rMinus = 0;
        for (int i = 0; i < n; i++) { if (d[i] > 0) rPlus += ranks[i]; else rMinus += ranks[i]; }
        double t = Math.Min(rPlus, rMinus);
        bool ties = tieSizes.Any(s => s > 1);
        if (n <= 50 && zeros == 0 && !ties)
            return new WilcoxonResult(n, t, ExactP((int)Math.Round(t), n), true);
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieSizes.Sum(s => (double)s * s * s - s) / 48.0;
        double z = (t - mean) / Math.Sqrt(var);
        return new WilcoxonResult(n, t, Math.Min(1.0, 2 * Normal.Cdf(-Math.Abs(z))), false);
    }

    /// <summary>2 P(T &lt;= t) under H0, capped at 1, from the count of sign assignments with each rank sum.</summary>
    public static double ExactP(int t, int n)
    {
        int max = n * (n + 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        for (int r = 1; r <= n; r++)
            for (int s = max; s >= r; s--) counts[s] += counts[s - r];
        double below = 0;
        for (int s = 0; s <= t; s++) below += counts[s];
        return Math.Min(1.0, 2 * below / Math.Pow(2, n));
    }

    private static double[] AverageRanks(double[] x, out List<int> tieSizes)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        var ranks = new double[x.Length];
        tieSizes = new List<int>();
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int m = i; m <= j; m++) ranks[order[m]] = avg;
            tieSizes.Add(j - i + 1);
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Bonferroni: p times the number of comparisons, capped at 1.</summary>
    public static double Bonferroni(double p, int comparisons) => Math.Min(1.0, p * comparisons);
}

/// <summary>Standard normal distribution function.</summary>
public static class Normal
{
    /// <summary>Φ(z) via erfc; erfc from W. J. Cody's rational approximations is overkill here, so the
    /// Numerical Recipes Chebyshev erfc (relative error &lt; 1.2e-7) is used.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    public static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
