using System.Collections.Concurrent;
using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// Wigner 3j symbols for e3nn's real spherical-harmonics basis: the tensor C[2l1+1][2l2+1][2l3+1] invariant under
/// simultaneous rotation of its three indices, Frobenius norm 1. Computed from the complex Clebsch-Gordan
/// coefficients (Racah's formula) changed to the real basis; the sign follows e3nn: for even l1+l2+l3 the centre
/// element (m = 0,0,0) is positive, for odd ones the element (m1, m2, m3) = (-1, 0, +1).
/// </summary>
public static class Wigner3j
{
    private static readonly ConcurrentDictionary<(int, int, int), double[]> Cache = new();

    public static bool IsTriangle(int l1, int l2, int l3) => l1 >= 0 && l2 >= 0 && l3 >= 0 && l3 >= Math.Abs(l1 - l2) && l3 <= l1 + l2;

    /// <summary>Row-major values of C[m1][m2][m3] (cached; do not modify).</summary>
    public static double[] Values(int l1, int l2, int l3)
    {
        if (!IsTriangle(l1, l2, l3)) throw new ArgumentException($"wigner 3j ({l1},{l2},{l3}): degrees violate |l1-l2| <= l3 <= l1+l2");
        return Cache.GetOrAdd((l1, l2, l3), k => Compute(k.Item1, k.Item2, k.Item3));
    }

    /// <summary>C as a tensor [2l1+1, 2l2+1, 2l3+1].</summary>
    public static Tensor Tensor(int l1, int l2, int l3, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        torch.tensor(Values(l1, l2, l3), new long[] { 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1 }, dtype: dtype, device: device);

    private static double[] Compute(int l1, int l2, int l3)
    {
        int d1 = 2 * l1 + 1, d2 = 2 * l2 + 1, d3 = 2 * l3 + 1;
        var q1 = RealFromComplex(l1);
        var q2 = RealFromComplex(l2);
        var q3 = RealFromComplex(l3);
        // sum CG[m1,m2,m3] Y1c_m1 Y2c_m2 conj(Y3c_m3) is invariant; with Yc = Q^H Yr the real-basis tensor is
        // T[i,j,k] = sum CG conj(Q1[i,m1]) conj(Q2[j,m2]) Q3[k,m3]: a complex multiple of one real invariant.
        var t = new Complex[d1 * d2 * d3];
        for (int m1 = -l1; m1 <= l1; m1++)
            for (int m2 = -l2; m2 <= l2; m2++)
            {
                int m3 = m1 + m2;
                if (Math.Abs(m3) > l3) continue;
                double cg = ClebschGordan(l1, m1, l2, m2, l3, m3);
                if (cg == 0) continue;
                for (int i = 0; i < d1; i++)
                {
                    var a = Complex.Conjugate(q1[i, m1 + l1]);
                    if (a == Complex.Zero) continue;
                    for (int j = 0; j < d2; j++)
                    {
                        var b = Complex.Conjugate(q2[j, m2 + l2]);
                        if (b == Complex.Zero) continue;
                        for (int k = 0; k < d3; k++)
                        {
                            var c = q3[k, m3 + l3];
                            if (c == Complex.Zero) continue;
                            t[(i * d2 + j) * d3 + k] += cg * a * b * c;
                        }
                    }
                }
            }
        double re = t.Sum(z => z.Real * z.Real), im = t.Sum(z => z.Imaginary * z.Imaginary);
        var values = t.Select(z => re >= im ? z.Real : z.Imaginary).ToArray();
        double norm = Math.Sqrt(values.Sum(v => v * v));
        int signIndex = (l1 + l2 + l3) % 2 == 0
            ? (l1 * d2 + l2) * d3 + l3
            : ((l1 - 1) * d2 + l2) * d3 + l3 + 1;
        double sign = values[signIndex] < 0 ? -1 : 1;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= sign / norm;
            // Entries that are zero by symmetry come out at ~1e-17; make them exact so the tensor stays sparse.
            if (Math.Abs(values[i]) < 1e-14) values[i] = 0;
        }
        return values;
    }

    /// <summary>
    /// Q[real m, complex m] with Y_real = Q Y_complex: real Y without Condon-Shortley phase from complex Y with it.
    /// m &gt; 0: ((-1)^m Y^m + Y^-m)/sqrt2; m &lt; 0 (mu = |m|): i (Y^-mu - (-1)^mu Y^mu)/sqrt2; m = 0: Y^0.
    /// </summary>
    private static Complex[,] RealFromComplex(int l)
    {
        var q = new Complex[2 * l + 1, 2 * l + 1];
        double s = 1 / Math.Sqrt(2);
        q[l, l] = 1;
        for (int mu = 1; mu <= l; mu++)
        {
            double phase = mu % 2 == 0 ? 1 : -1;
            q[l + mu, l + mu] = phase * s;
            q[l + mu, l - mu] = s;
            q[l - mu, l - mu] = new Complex(0, s);
            q[l - mu, l + mu] = new Complex(0, -phase * s);
        }
        return q;
    }

    /// <summary>&lt;j1 m1 j2 m2 | J M&gt; by Racah's formula (integer spins).</summary>
    public static double ClebschGordan(int j1, int m1, int j2, int m2, int J, int M)
    {
        if (M != m1 + m2 || !IsTriangle(j1, j2, J) || Math.Abs(m1) > j1 || Math.Abs(m2) > j2 || Math.Abs(M) > J) return 0;
        static double F(int n) => SphericalHarmonics.Factorial(n);
        double pre = Math.Sqrt((2 * J + 1) * F(J + j1 - j2) * F(J - j1 + j2) * F(j1 + j2 - J) / F(j1 + j2 + J + 1))
                     * Math.Sqrt(F(J + M) * F(J - M) * F(j1 - m1) * F(j1 + m1) * F(j2 - m2) * F(j2 + m2));
        double sum = 0;
        for (int k = 0; k <= j1 + j2 - J; k++)
        {
            int a = j1 - m1 - k, b = j2 + m2 - k, c = J - j2 + m1 + k, d = J - j1 - m2 + k;
            if (a < 0 || b < 0 || c < 0 || d < 0) continue;
            sum += (k % 2 == 0 ? 1 : -1) / (F(k) * F(j1 + j2 - J - k) * F(a) * F(b) * F(c) * F(d));
        }
        return pre * sum;
    }
}
