using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

public enum LesionType { Periventricular, DeepWhiteMatter, Juxtacortical, Infratentorial }

public enum LesionLoad { Light, Moderate, Heavy }

/// <summary>One ellipsoid of a lesion: centre, rotation (columns = semi-axis directions), semi-axes (mm), optional von Mises bumps.</summary>
public sealed record LesionPart(Vec3 Centre, Mat3 Rotation, Vec3 SemiAxes, (double Amplitude, double Kappa, Vec3 Direction)[] Bumps)
{
    // Rows of Rᵀ scaled by 1/a: local coordinates divided by the semi-axes in one step.
    private readonly Vec3 _u = Rotation.Column(0) / SemiAxes.X;
    private readonly Vec3 _v = Rotation.Column(1) / SemiAxes.Y;
    private readonly Vec3 _w = Rotation.Column(2) / SemiAxes.Z;

    /// <summary>ρ(y) = ‖diag(1/a)Rᵀ(y−c)‖ / clip(1 + Σ aⱼ exp(κⱼ(û·dⱼ − 1)), 0.6, 1.4) (docs/design/phantom.md §3.4); ρ ≤ 1 is inside.</summary>
    public double Rho(Vec3 y)
    {
        var d = y - Centre;
        double r = Math.Sqrt(Sq(Vec3.Dot(_u, d)) + Sq(Vec3.Dot(_v, d)) + Sq(Vec3.Dot(_w, d)));
        if (Bumps.Length == 0 || r > FarRho) return r;
        double len = d.Length;
        if (len < 1e-12) return r;
        var u = d / len;
        double bump = 1;
        foreach (var (amplitude, kappa, direction) in Bumps) bump += amplitude * Math.Exp(kappa * (Vec3.Dot(u, direction) - 1));
        return r / Math.Clamp(bump, 0.6, 1.4);
    }

    private static double Sq(double v) => v * v;

    /// <summary>Beyond this ellipsoidal radius the bumps are not evaluated: the point is outside (ρ ≥ r/1.4 > 2.5) and the image weight negligible.</summary>
    public const double FarRho = 3.5;

    public double MaxSemiAxis => Math.Max(SemiAxes.X, Math.Max(SemiAxes.Y, SemiAxes.Z));
    public double MinSemiAxis => Math.Min(SemiAxes.X, Math.Min(SemiAxes.Y, SemiAxes.Z));
}

/// <summary>
/// An MS lesion defined analytically in template mm (docs/design/phantom.md §3.4): a main ellipsoid with an irregular surface,
/// optional confluent satellites (union = min ρ), a soft image edge of width w and a contrast with a brighter core.
/// The truth surface is ρ = 1.
/// </summary>
public sealed record Lesion(LesionType Type, IReadOnlyList<LesionPart> Parts, double Contrast, double CoreBoost, double EdgeWidth)
{
    public LesionPart Main => Parts[0];

    public double EffectiveRadius { get; } = Math.Cbrt(Parts[0].SemiAxes.X * Parts[0].SemiAxes.Y * Parts[0].SemiAxes.Z);

    public double Rho(Vec3 y)
    {
        double rho = double.MaxValue;
        foreach (var p in Parts) rho = Math.Min(rho, p.Rho(y));
        return rho;
    }

    /// <summary>Image weight s = 1/(1 + exp(1.7(ρ−1)·r_eff/w)): half contrast at the truth surface; 0 once below 1e-7.</summary>
    public double SoftWeight(double rho)
    {
        double z = 1.7 * (rho - 1) * EffectiveRadius / EdgeWidth;
        return z > 16 ? 0 : 1 / (1 + Math.Exp(z));
    }

    /// <summary>Lesion signal (ratio to WM) at normalised radius ρ: per-lesion contrast plus a core boost (1−ρ²)₊.</summary>
    public double Signal(double rho) => Contrast + CoreBoost * Math.Max(0, 1 - rho * rho);

    /// <summary>Radius (template mm) around the main centre outside which the lesion neither shows nor counts.</summary>
    public double BoundingRadius
    {
        get
        {
            double r = 0;
            foreach (var p in Parts) r = Math.Max(r, (p.Centre - Main.Centre).Length + p.MaxSemiAxis * 1.4 + 4 * EdgeWidth + 0.5);
            return r;
        }
    }

    /// <summary>Template-mm distance from the truth surface that any ρ difference at least guarantees (bumps can shrink a semi-axis to 0.6×).</summary>
    public double MinScale => Parts.Min(p => p.MinSemiAxis) * 0.6;
}
