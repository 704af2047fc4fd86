namespace NativeSeg.Evaluation;

public sealed record WilcoxonResult(int N, double Statistic, double P, bool Exact);

/// <summary>How the p-value is computed: auto = exact for n ≤ 50, else the normal approximation.</summary>
public enum WilcoxonMethod { Auto, Exact, Asymptotic }

/// <summary>
/// Two-sided Wilcoxon signed-rank test on paired samples: d = a - b, zero differences dropped (zero_method "wilcox"),
/// ranks of |d| with ties averaged, statistic T = min(R+, R-). Exact: the permutation distribution of R+ over all 2^n
/// equally likely sign assignments of the (possibly tied, mid-) ranks, p = min(1, 2 P(R+ ≤ T)); with no ties it is the
/// classic signed-rank table. Asymptotic: the normal approximation with tie-corrected variance
/// n(n+1)(2n+1)/24 - Σ(t³-t)/48, no continuity correction. Auto: exact for up to 50 non-zero pairs, ties and zeros or not.
/// Where this differs from SciPy: scipy.stats.wilcoxon's method='auto' (1.15+) is exact only for small samples and uses
/// the normal approximation from 50 pairs, and also below that when there are ties or zeros; SciPy 1.10 approximates
/// whenever there is a tie or a zero. So with 14-50 pairs and a tie or a zero NativeSeg's p is the exact one and
/// SciPy's an approximation (n = 30 with one zero: 0.00411 here, 0.00511 in SciPy 1.15). `--wilcoxon asymptotic`
/// gives the approximation.
/// </summary>
public static class Wilcoxon
{
    public const int ExactUpTo = 50;

    public static WilcoxonResult Test(IReadOnlyList<double> a, IReadOnlyList<double> b, WilcoxonMethod method = WilcoxonMethod.Auto)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired samples differ in length");
        var all = a.Zip(b, (x, y) => x - y).ToArray();
        int zeros = all.Count(x => x == 0);
        var d = all.Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0) throw new UserInputException("all paired differences are zero");
        var ranks = AverageRanks(d.Select(Math.Abs).ToArray(), out var tieSizes);
        double rPlus = 0, rMinus = 0;
        for (int i = 0; i < n; i++) { if (d[i] > 0) rPlus += ranks[i]; else rMinus += ranks[i]; }
        double t = Math.Min(rPlus, rMinus);
        if (method == WilcoxonMethod.Exact || (method == WilcoxonMethod.Auto && n <= ExactUpTo))
            return new WilcoxonResult(n, t, PermutationP(ranks, t), true);
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieSizes.Sum(s => (double)s * s * s - s) / 48.0;
        double z = (t - mean) / Math.Sqrt(var);
        return new WilcoxonResult(n, t, Math.Min(1.0, 2 * Normal.Cdf(-Math.Abs(z))), false);
    }

    /// <summary>
    /// min(1, 2 P(R+ ≤ t)) under H0, R+ the sum of the ranks given a + sign, every sign assignment equally likely:
    /// a subset-sum count over the doubled ranks (midranks are multiples of 1/2, so doubled they are integers).
    /// </summary>
    public static double PermutationP(IReadOnlyList<double> ranks, double t)
    {
        var doubled = ranks.Select(r => (int)Math.Round(2 * r)).ToArray();
        int max = doubled.Sum(), limit = (int)Math.Round(2 * t);
        var counts = new double[max + 1];
        counts[0] = 1;
        foreach (int r in doubled)
            for (int s = max; s >= r; s--) counts[s] += counts[s - r];
        double below = 0;
        for (int s = 0; s <= limit; s++) below += counts[s];
        return Math.Min(1.0, 2 * below / Math.Pow(2, doubled.Length));
    }

    /// <summary>The classic table: untied ranks 1..n.</summary>
    public static double ExactP(int t, int n) => PermutationP(Enumerable.Range(1, n).Select(r => (double)r).ToArray(), t);

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
