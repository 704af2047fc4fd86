using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// xoshiro256** seeded through SplitMix64 from a key (dataset seed, subject, stream). Everything random in a
/// phantom comes from one of these, drawn in a fixed order, so a (seed, subject, grid) reproduces itself
/// bit for bit on every machine (no System.Random, whose algorithm is not a contract).
/// </summary>
public sealed class PhantomRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public PhantomRandom(params long[] key)
    {
        ulong x = 0x9E3779B97F4A7C15UL;
        foreach (var k in key) x = SplitMix(x ^ (ulong)k);
        _s0 = SplitMix(x); _s1 = SplitMix(_s0 ^ 1); _s2 = SplitMix(_s1 ^ 2); _s3 = SplitMix(_s2 ^ 3);
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [lo, hi] inclusive.</summary>
    public int UniformInt(int lo, int hi) => lo + (int)(NextULong() % (ulong)(hi - lo + 1));

    /// <summary>Standard normal by Box–Muller (the second value of each pair is kept for the next call).</summary>
    public double Normal()
    {
        if (_spareNormal is { } spare) { _spareNormal = null; return spare; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Index drawn with the given (unnormalised) probabilities.</summary>
    public int Choice(IReadOnlyList<double> weights)
    {
        double total = weights.Sum(), u = NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Count - 1;
    }

    /// <summary>A unit vector uniform on the sphere.</summary>
    public Vec3 UnitVector()
    {
        while (true)
        {
            var v = new Vec3(Normal(), Normal(), Normal());
            double n = v.Length;
            if (n > 1e-9) return v / n;
        }
    }

    /// <summary>A uniformly random rotation (Haar measure): Gram–Schmidt of a Gaussian matrix, sign-fixed to det +1.</summary>
    public Mat3 Rotation()
    {
        var a = UnitVector();
        var b = new Vec3(Normal(), Normal(), Normal());
        b = (b - a * Vec3.Dot(a, b)).Normalized();
        return Mat3.FromColumns(a, b, Vec3.Cross(a, b));
    }
}
