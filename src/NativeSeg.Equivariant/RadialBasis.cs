using NativeSeg.Equivariant.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

public enum RadialBasisKind { SmoothFinite, Gaussian, Cosine, Fourier, Bessel }

/// <summary>
/// e3nn's soft_one_hot_linspace: <c>number</c> bumps along [start, end]. With cutoff the centres are the inner
/// points of linspace(start, end, number + 2), so every function vanishes at start and end; without, the centres
/// are linspace(start, end, number). d = (x - centre) / step, step = spacing of that linspace.
/// </summary>
public static class RadialBasis
{
    /// <summary>e3nn's constant 1.14136 e^2 normalizing the smooth_finite bump.</summary>
    public static readonly double SmoothFiniteScale = 1.14136 * Math.Exp(2.0);

    public static RadialBasisKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "smooth_finite" => RadialBasisKind.SmoothFinite,
        "gaussian" => RadialBasisKind.Gaussian,
        "cosine" => RadialBasisKind.Cosine,
        "fourier" => RadialBasisKind.Fourier,
        "bessel" => RadialBasisKind.Bessel,
        _ => throw new ArgumentException($"radial basis '{name}': expected smooth_finite, gaussian, cosine, fourier or bessel"),
    };

    /// <summary>Centres and step of the basis (float64).</summary>
    public static (double[] Centres, double Step) Centres(double start, double end, int number, bool cutoff)
    {
        if (number < 1) throw new ArgumentException($"radial basis: number must be >= 1, got {number}");
        int n = cutoff ? number + 2 : number;
        if (n < 2) throw new ArgumentException("radial basis: a single centre without cutoff has no step");
        double step = (end - start) / (n - 1);
        var all = Enumerable.Range(0, n).Select(i => start + i * step).ToArray();
        return (cutoff ? all[1..^1] : all, step);
    }

    /// <summary>x [...] -> [..., number]; differentiable in x.</summary>
    public static Tensor SoftOneHotLinspace(Tensor x, double start, double end, int number, RadialBasisKind basis, bool cutoff)
    {
        using var scope = NewDisposeScope();
        var xe = x.unsqueeze(-1);
        Tensor result;
        switch (basis)
        {
            case RadialBasisKind.Fourier:
            {
                var t = (xe - KeptScalars.Of(start)) / KeptScalars.Of(end - start);
                double norm = Math.Sqrt(0.25 + number / 2.0);
                if (!cutoff)
                    result = cos(Index(0, number, x) * KeptScalars.Of(Math.PI) * t) / KeptScalars.Of(norm);
                else
                    result = sin(Index(1, number, x) * KeptScalars.Of(Math.PI) * t) / KeptScalars.Of(norm) * ((t > KeptScalars.Of(0)) & (t < KeptScalars.Of(1))).to_type(x.dtype);
                break;
            }
            case RadialBasisKind.Bessel:
            {
                var t = xe - KeptScalars.Of(start);
                double c = end - start;
                result = sin(Index(1, number, x) * KeptScalars.Of(Math.PI / c) * t) * KeptScalars.Of(Math.Sqrt(2 / c)) / t;
                if (cutoff) result = result * ((t / KeptScalars.Of(c) < KeptScalars.Of(1)) & (t > KeptScalars.Of(0))).to_type(x.dtype);
                break;
            }
            default:
            {
                var (centres, step) = Centres(start, end, number, cutoff);
                var d = (xe - torch.tensor(centres, dtype: x.dtype, device: x.device)) / KeptScalars.Of(step);
                result = basis switch
                {
                    RadialBasisKind.Gaussian => exp(-(d * d)) / KeptScalars.Of(1.12),
                    RadialBasisKind.Cosine => cos(d * KeptScalars.Of(Math.PI / 2)) * ((d < KeptScalars.Of(1)) & (d > KeptScalars.Of(-1))).to_type(x.dtype),
                    RadialBasisKind.SmoothFinite => SoftUnitStep(d.Plus(KeptScalars.One)) * SoftUnitStep(-d.Plus(KeptScalars.Of(-1))) * KeptScalars.Of(SmoothFiniteScale),
                    _ => throw new ArgumentOutOfRangeException(nameof(basis)),
                };
                break;
            }
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>exp(-1/t) for t &gt; 0, else 0; the masked argument keeps gradients finite.</summary>
    public static Tensor SoftUnitStep(Tensor t)
    {
        var positive = t > KeptScalars.Of(0);
        var safe = where(positive, t, ones_like(t));
        return where(positive, exp(-safe.reciprocal()), zeros_like(t));
    }

    private static Tensor Index(int first, int count, Tensor like) =>
        arange(KeptScalars.Of(first), KeptScalars.Of(first + count), KeptScalars.One, dtype: like.dtype, device: like.device);
}
