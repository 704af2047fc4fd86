using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Equivariant;

/// <summary>How each Y_l is scaled: component (sum_m Y_lm^2 = 2l+1 on the unit sphere), norm (= 1) or integral (unit L2 on the sphere).</summary>
public enum ShNormalization { Component, Norm, Integral }

/// <summary>
/// Real spherical harmonics in e3nn's convention: the textbook real Y_lm (no Condon-Shortley phase, m = -l..l)
/// evaluated at the permuted vector (z, x, y), so y is the polar axis and Y_1 = sqrt3 (x, y, z). Built from
/// homogeneous polynomials, so any l works and normalize=false evaluates them on the raw vector (Y_l ~ |v|^l).
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>Y for the degrees of <paramref name="irreps"/> (mul copies repeated). Parities must all be (-1)^l or all +1.</summary>
    public static Tensor Compute(Irreps irreps, Tensor vectors, bool normalize, ShNormalization normalization = ShNormalization.Component)
    {
        bool oddIsOdd = irreps.All(b => b.Irrep.Parity == (b.Irrep.L % 2 == 0 ? 1 : -1));
        bool allEven = irreps.All(b => b.Irrep.Parity == 1);
        if (!oddIsOdd && !allEven)
            throw new ArgumentException($"spherical harmonics irreps {irreps}: parities must be (-1)^l for every block, or +1 for every block");
        var ls = irreps.SelectMany(b => Enumerable.Repeat(b.Irrep.L, b.Mul)).ToArray();
        return Compute(ls, vectors, normalize, normalization);
    }

    /// <summary>vectors [..., 3] -> [..., sum(2l+1)], the l blocks in the order given.</summary>
    public static Tensor Compute(IReadOnlyList<int> ls, Tensor vectors, bool normalize, ShNormalization normalization = ShNormalization.Component)
    {
        if (vectors.shape.Length == 0 || vectors.shape[^1] != 3)
            throw new ArgumentException($"spherical harmonics need vectors of shape [..., 3], got [{string.Join(", ", vectors.shape)}]");
        if (ls.Count == 0) throw new ArgumentException("spherical harmonics need at least one degree");
        using var scope = NewDisposeScope();
        var v = normalize ? nn.functional.normalize(vectors, p: 2, dim: -1, eps: 1e-12) : vectors;
        // Textbook coordinates of e3nn's (x, y, z): x' = z, y' = x, z' = y (the polar axis).
        var xp = v.select(-1, 2);
        var yp = v.select(-1, 0);
        var zp = v.select(-1, 1);
        int lmax = ls.Max();
        var poly = new Polynomials(xp, yp, zp, lmax);
        var columns = new List<Tensor>();
        foreach (int l in ls)
        {
            double scale = normalization switch
            {
                ShNormalization.Component => Math.Sqrt(2 * l + 1),
                ShNormalization.Norm => 1.0,
                ShNormalization.Integral => Math.Sqrt((2 * l + 1) / (4 * Math.PI)),
                _ => throw new ArgumentOutOfRangeException(nameof(normalization)),
            };
            for (int m = -l; m <= l; m++)
                columns.Add(poly.Column(l, m) * KeptScalars.Of(scale));
        }
        return stack(columns, dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// sqrt2 Pi_l^|m|(z', r^2) times cos/sin(m phi) r^|m| written as C_m = Re (x'+iy')^m, S_m = Im (x'+iy')^m; m = 0
    /// has no sqrt2. Pi_l^m(z, r) = sqrt((l-m)!/(l+m)!) sum_k (-1)^k 2^-l C(l,k) C(2l-2k,l) (l-2k)!/(l-2k-m)! r^2k z^(l-2k-m).
    /// </summary>
    private sealed class Polynomials
    {
        private readonly Tensor[] _zPow, _r2Pow, _c, _s;

        public Polynomials(Tensor x, Tensor y, Tensor z, int lmax)
        {
            var r2 = (x * x).Plus(y * y).Plus(z * z);
            _zPow = new Tensor[lmax + 1];
            _r2Pow = new Tensor[lmax / 2 + 1];
            _c = new Tensor[lmax + 1];
            _s = new Tensor[lmax + 1];
            _zPow[0] = ones_like(z);
            _r2Pow[0] = _zPow[0];
            _c[0] = _zPow[0];
            _s[0] = zeros_like(z);
            for (int i = 1; i <= lmax; i++)
            {
                _zPow[i] = _zPow[i - 1] * z;
                _c[i] = x * _c[i - 1] - y * _s[i - 1];
                _s[i] = (x * _s[i - 1]).Plus(y * _c[i - 1]);
            }
            for (int i = 1; i < _r2Pow.Length; i++) _r2Pow[i] = _r2Pow[i - 1] * r2;
        }

        public Tensor Column(int l, int m)
        {
            int am = Math.Abs(m);
            Tensor? pi = null;
            for (int k = 0; k <= (l - am) / 2; k++)
            {
                double c = (k % 2 == 0 ? 1 : -1) * Math.Pow(2, -l) * Binomial(l, k) * Binomial(2 * l - 2 * k, l)
                           * Factorial(l - 2 * k) / Factorial(l - 2 * k - am);
                var term = _r2Pow[k] * _zPow[l - 2 * k - am] * KeptScalars.Of(c);
                pi = pi is null ? term : pi.Plus(term);
            }
            double norm = Math.Sqrt(Factorial(l - am) / Factorial(l + am)) * (m == 0 ? 1.0 : Math.Sqrt(2));
            var angular = m > 0 ? _c[am] : m < 0 ? _s[am] : _c[0];
            return pi! * angular * KeptScalars.Of(norm);
        }
    }

    internal static double Factorial(int n)
    {
        double f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }

    internal static double Binomial(int n, int k) => Factorial(n) / (Factorial(k) * Factorial(n - k));
}
