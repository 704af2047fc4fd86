using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// Smooth intensity non-uniformity, a function of subject world mm (docs/design/phantom.md §3.6): β(x) = Σ_{1≤a+b+c≤3} k_abc ξᵃηᵇζᶜ/√19,
/// (ξ,η,ζ) = (x − c)/80 mm, k ~ N(0,1), rescaled so that std(β) over the brain is σ_b; B = exp(β). The same
/// subject therefore has the same bias on every grid.
/// </summary>
public sealed class BiasField
{
    private const double Scale = 80;
    private static readonly (int A, int B, int C)[] Powers = Enumerable.Range(0, 4).SelectMany(a =>
        Enumerable.Range(0, 4).SelectMany(b => Enumerable.Range(0, 4).Select(c => (a, b, c))))
        .Where(p => p.a + p.b + p.c is >= 1 and <= 3).ToArray();

    private readonly double[] _k;
    private readonly Vec3 _centre;

    public BiasField(Vec3 centre, double std, IReadOnlyList<Vec3> brainPoints, PhantomRandom rng)
    {
        _centre = centre;
        _k = Powers.Select(_ => rng.Normal() / Math.Sqrt(Powers.Length)).ToArray();
        var values = brainPoints.Select(Beta).ToArray();
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        double factor = sd > 0 ? std / sd : 0;
        for (int n = 0; n < _k.Length; n++) _k[n] *= factor;
        Std = std;
    }

    public double Std { get; }

    public double Beta(Vec3 x)
    {
        double xi = (x.X - _centre.X) / Scale, eta = (x.Y - _centre.Y) / Scale, zeta = (x.Z - _centre.Z) / Scale;
        Span<double> px = stackalloc double[] { 1, xi, xi * xi, xi * xi * xi };
        Span<double> py = stackalloc double[] { 1, eta, eta * eta, eta * eta * eta };
        Span<double> pz = stackalloc double[] { 1, zeta, zeta * zeta, zeta * zeta * zeta };
        double sum = 0;
        for (int n = 0; n < Powers.Length; n++)
        {
            var (a, b, c) = Powers[n];
            sum += _k[n] * px[a] * py[b] * pz[c];
        }
        return sum;
    }

    public double Multiplier(Vec3 x) => Math.Exp(Beta(x));
}
