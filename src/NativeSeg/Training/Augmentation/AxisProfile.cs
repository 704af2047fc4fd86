using NativeSeg.Imaging;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// What one target voxel integrates along one axis, in mm about its centre (docs/design/phantom.md §4.3, the phantom's
/// physics): a Gaussian point-spread function of standard deviation σ, a slice profile (box of width T whose edges are
/// Gaussian of σₑ; σₑ = 0 is the sharp box of a voxel's footprint, the truth's rule), or a point (no integration:
/// plain interpolation at the centre).
/// </summary>
public readonly record struct AxisProfile(AxisProfileKind Kind, double Width, double Edge = 0)
{
    public static AxisProfile Point { get; } = new(AxisProfileKind.Point, 0);

    /// <summary>A Gaussian of this full width at half maximum (mm).</summary>
    public static AxisProfile Gaussian(double fwhm) => new(AxisProfileKind.Gaussian, fwhm / FwhmPerSigma);

    /// <summary>A box of width <paramref name="thickness"/> (mm), edges Gaussian of <paramref name="edge"/> mm.</summary>
    public static AxisProfile Box(double thickness, double edge = 0) => new(AxisProfileKind.Box, thickness, edge);

    public const double FwhmPerSigma = 2.3548200450309493;

    /// <summary>Half-width (mm) beyond which the profile has no weight worth keeping.</summary>
    public double Reach => Kind switch
    {
        AxisProfileKind.Gaussian => 3.5 * Width,
        AxisProfileKind.Box => Width / 2 + 3 * Edge,
        _ => 0,
    };

    /// <summary>The profile's weight over the interval [a, b] (mm from the centre); the whole line integrates to 1.</summary>
    public double Integral(double a, double b) => Kind switch
    {
        AxisProfileKind.Gaussian => SpecialFunctions.NormalCdf(b / Width) - SpecialFunctions.NormalCdf(a / Width),
        AxisProfileKind.Box when Edge > 0 => BoxEdge(b) - BoxEdge(a),
        AxisProfileKind.Box => Math.Max(0, Math.Min(b, Width / 2) - Math.Max(a, -Width / 2)) / Width,
        _ => throw new InvalidOperationException("a point profile has no extent"),
    };

    /// <summary>∫ from -∞ to x of the erf-edged box, normalised: ½[(x+T/2) erf-ramp − (x−T/2) erf-ramp] / T.</summary>
    private double BoxEdge(double x) => (Ramp(x + Width / 2) - Ramp(x - Width / 2)) / Width;

    /// <summary>∫ Φ(t/σₑ) dt from -∞ to x: x Φ(x/σₑ) + σₑ φ(x/σₑ).</summary>
    private double Ramp(double x) => x * SpecialFunctions.NormalCdf(x / Edge) + Edge * Math.Exp(-x * x / (2 * Edge * Edge)) / Math.Sqrt(2 * Math.PI);
}

public enum AxisProfileKind { Point, Gaussian, Box }
