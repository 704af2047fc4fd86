namespace NativeSeg.Imaging.Resampling;

/// <summary>
/// Cubic B-spline interpolation (Unser 1999, "Splines: a perfect fit"): the prefilter turns samples s into
/// coefficients c with s[k] = (c[k−1] + 4c[k] + c[k+1]) / 6, by one causal and one anti-causal recursive
/// pass with pole z = √3 − 2 and gain (1 − z)(1 − 1/z) = 6; the mirror-boundary initial value is exact.
/// </summary>
internal static class CubicBSpline
{
    public static readonly double Pole = Math.Sqrt(3) - 2;
    private const double Gain = 6;

    /// <summary>β³ weights of the four coefficients floor(x)−1 … floor(x)+2 for fractional part t.</summary>
    public static void Weights(double t, Span<double> w)
    {
        double t2 = t * t, t3 = t2 * t, u = 1 - t;
        w[0] = u * u * u / 6;
        w[1] = (4 - 6 * t2 + 3 * t3) / 6;
        w[2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
        w[3] = t3 / 6;
    }

    /// <summary>
    /// Weights on s[0..n−1] of the causal initial value c⁺[0] = Σ_{k=0}^{2n−3} z^k s_mirror[k] / (1 − z^(2n−2)),
    /// where s_mirror[k] = s[2n−2−k] for k ≥ n: sample k is met at distance k and again at 2n−2−k.
    /// </summary>
    public static double[] CausalInitWeights(int n)
    {
        double z = Pole;
        double norm = 1 - Math.Pow(z, 2 * n - 2);
        var w = new double[n];
        for (int k = 0; k < n; k++)
        {
            double reflected = k == 0 || k == n - 1 ? 0 : Math.Pow(z, 2 * n - 2 - k);
            w[k] = (Math.Pow(z, k) + reflected) / norm;
        }
        return w;
    }

    /// <summary>
    /// In-place prefilter of <paramref name="rows"/>: n rows of <paramref name="width"/> independent lines
    /// (row r holds sample r of every line), so the recursion runs over whole contiguous rows.
    /// </summary>
    public static void Prefilter(double[] rows, int n, int width, double[] initWeights)
    {
        if (n == 1) return;
        double z = Pole;
        int total = n * width;
        for (int i = 0; i < total; i++) rows[i] *= Gain;

        // c⁺[0]: the weighted sum needs the original samples, so accumulate it before the causal pass.
        Span<double> first = width <= 1024 ? stackalloc double[width] : new double[width];
        first.Clear();
        for (int k = 0; k < n; k++)
        {
            double wk = initWeights[k];
            if (Math.Abs(wk) < 1e-18) continue; // below double precision relative to the k = 0 weight
            var row = rows.AsSpan(k * width, width);
            for (int x = 0; x < width; x++) first[x] += wk * row[x];
        }
        first.CopyTo(rows.AsSpan(0, width));

        for (int k = 1; k < n; k++)
        {
            var prev = rows.AsSpan((k - 1) * width, width);
            var row = rows.AsSpan(k * width, width);
            for (int x = 0; x < width; x++) row[x] += z * prev[x];
        }

        // Anti-causal: c[n−1] = z/(z²−1)·(c⁺[n−1] + z·c⁺[n−2]); c[k] = z·(c[k+1] − c⁺[k]).
        {
            var last = rows.AsSpan((n - 1) * width, width);
            var before = rows.AsSpan((n - 2) * width, width);
            double f = z / (z * z - 1);
            for (int x = 0; x < width; x++) last[x] = f * (last[x] + z * before[x]);
        }
        for (int k = n - 2; k >= 0; k--)
        {
            var next = rows.AsSpan((k + 1) * width, width);
            var row = rows.AsSpan(k * width, width);
            for (int x = 0; x < width; x++) row[x] = z * (next[x] - row[x]);
        }
    }
}
