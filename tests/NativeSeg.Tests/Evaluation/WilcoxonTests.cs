using NativeSeg.Evaluation;

namespace NativeSeg.Tests.Evaluation;

public class WilcoxonTests
{
    [Fact]
    public void KnownScipyValueForOneToTen()
    {
        var a = Enumerable.Range(1, 10).Select(x => (double)x).ToArray();
        var r = Wilcoxon.Test(a, new double[10]);
        Assert.True(r.Exact);
        Assert.Equal(0.0, r.Statistic);
        Assert.Equal(0.001953125, r.P, 15);
    }

    [Fact]
    public void ExactPMatchesEnumerationOfAllSignAssignments()
    {
        var d = new[] { 0.3, -1.2, 2.5, 0.7, -0.1, 1.9, 3.3, -2.2 };
        var r = Wilcoxon.Test(d, new double[d.Length]);
        int n = d.Length;
        var ranks = d.Select(x => Math.Abs(x)).Select(x => d.Count(y => Math.Abs(y) < x) + 1.0).ToArray();
        double rPlus = Enumerable.Range(0, n).Where(i => d[i] > 0).Sum(i => ranks[i]);
        double t = Math.Min(rPlus, ranks.Sum() - rPlus);
        Assert.Equal(t, r.Statistic);
        int atMost = 0;
        for (int signs = 0; signs < 1 << n; signs++)
        {
            double rp = Enumerable.Range(0, n).Where(i => (signs >> i & 1) == 1).Sum(i => ranks[i]);
            if (Math.Min(rp, ranks.Sum() - rp) <= t) atMost++;
        }
        Assert.Equal(Math.Min(1.0, (double)atMost / (1 << n)), r.P, 12);
    }

    [Fact]
    public void NormalApproximationWithTiesAndZeros()
    {
        // 60 pairs: differences with many ties and a few zeros -> approximation path.
        var d = Enumerable.Range(0, 60).Select(i => (double)((i % 7) - 2)).ToArray();
        var r = Wilcoxon.Test(d, new double[60]);   // n = 52 nonzero differences > 50: auto takes the approximation
        Assert.False(r.Exact);
        var nz = d.Where(x => x != 0).ToArray();
        int n = nz.Length;
        var abs = nz.Select(Math.Abs).ToArray();
        double Rank(double v) => abs.Count(y => y < v) + (abs.Count(y => y == v) + 1) / 2.0;
        double rPlus = nz.Where(x => x > 0).Sum(x => Rank(x));
        double rMinus = nz.Where(x => x < 0).Sum(x => Rank(-x));
        double t = Math.Min(rPlus, rMinus);
        double tie = abs.Distinct().Sum(v => { double c = abs.Count(y => y == v); return c * c * c - c; });
        double z = (t - n * (n + 1) / 4.0) / Math.Sqrt(n * (n + 1) * (2.0 * n + 1) / 24 - tie / 48);
        Assert.Equal(t, r.Statistic);
        // Φ(z) for this z computed with a high-precision reference series below.
        Assert.Equal(2 * PhiSeries(-Math.Abs(z)), r.P, 6);
    }

    /// <summary>
    /// 12 pairs whose differences tie (the case: several +0.02 and -0.01) and one zero: the exact permutation
    /// p-value of the tied midranks, checked against enumerating all 2^11 sign patterns; the approximation differs.
    /// </summary>
    [Fact]
    public void TiesAndZerosUseTheExactPermutationDistribution()
    {
        var d = new[] { 0.02, 0.02, 0.02, -0.01, -0.01, 0.03, 0.02, -0.01, 0.05, 0.0, 0.02, -0.04 };
        var r = Wilcoxon.Test(d, new double[d.Length]);
        Assert.True(r.Exact);
        var nz = d.Where(x => x != 0).ToArray();
        var abs = nz.Select(Math.Abs).ToArray();
        double Rank(double v) => abs.Count(y => y < v) + (abs.Count(y => y == v) + 1) / 2.0;
        var ranks = abs.Select(Rank).ToArray();
        double rPlus = nz.Select((x, i) => x > 0 ? ranks[i] : 0).Sum(), t = Math.Min(rPlus, ranks.Sum() - rPlus);
        Assert.Equal(t, r.Statistic);
        int n = nz.Length, atMost = 0;
        for (int signs = 0; signs < 1 << n; signs++)
            if (Enumerable.Range(0, n).Where(i => (signs >> i & 1) == 1).Sum(i => ranks[i]) <= t + 1e-9) atMost++;
        Assert.Equal(Math.Min(1.0, 2.0 * atMost / (1 << n)), r.P, 12);
        var asymptotic = Wilcoxon.Test(d, new double[d.Length], WilcoxonMethod.Asymptotic);
        Assert.False(asymptotic.Exact);
        Assert.True(Math.Abs(asymptotic.P - r.P) > 1e-3);
    }

    // Φ(x) = 1/2 + φ(x) Σ x^(2k+1)/(1·3·…·(2k+1)), exact series, fine for |x| < 8.
    private static double PhiSeries(double x)
    {
        double term = x, sum = x;
        for (int k = 1; k < 200; k++) { term *= x * x / (2 * k + 1); sum += term; }
        return 0.5 + Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI) * sum;
    }

    [Fact]
    public void BonferroniMultipliesAndCaps()
    {
        Assert.Equal(0.03, Wilcoxon.Bonferroni(0.01, 3), 15);
        Assert.Equal(1.0, Wilcoxon.Bonferroni(0.4, 3));
    }
}
