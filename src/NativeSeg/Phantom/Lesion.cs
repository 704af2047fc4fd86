namespace NativeSeg.Phantom;

public enum LesionType { Periventricular, DeepWhiteMatter, Juxtacortical, Infratentorial }

public enum LesionLoad { Light, Moderate, Heavy }

/// <summary>One ellipsoid of a lesion: centre, rotation (columns = semi-axis directions), semi-axes (mm), optional von Mises bumps.</summary>
public sealed record LesionPart(Vec3 Centre, Mat3 Rotation, Vec3 SemiAxes, (double Amplitude, double Kappa, Vec3 Direction)[] Bumps)
{
    /// <summary>ρ(y) = ‖diag(1/a)Rᵀ(y−c)‖ / clip(1 + Σ aⱼ exp(κⱼ(û·dⱼ − 1)), 0.6, 1.4) (design §3.4); ρ ≤ 1 is inside.</summary>
    public double Rho(Vec3 y)
    {
        var d = y - Centre;
        var local = Rotation.Transposed() * d;
        double r = Math.Sqrt(Sq(local.X / SemiAxes.X) + Sq(local.Y / SemiAxes.Y) + Sq(local.Z / SemiAxes.Z));
        if (Bumps.Length == 0) return r;
        double len = d.Length;
        if (len < 1e-12) return r;
        var u = d / len;
        double bump = 1;
        foreach (var (amplitude, kappa, direction) in Bumps) bump += amplitude * Math.Exp(kappa * (Vec3.Dot(u, direction) - 1));
        return r / Math.Clamp(bump, 0.6, 1.4);
    }

    private static double Sq(double v) => v * v;

    public double MaxSemiAxis => Math.Max(SemiAxes.X, Math.Max(SemiAxes.Y, SemiAxes.Z));
    public double MinSemiAxis => Math.Min(SemiAxes.X, Math.Min(SemiAxes.Y, SemiAxes.Z));
}

/// <summary>
/// An MS lesion defined analytically in template mm (design §3.4): a main ellipsoid with an irregular surface,
/// optional confluent satellites (union = min ρ), a soft image edge of width w and a contrast with a brighter core.
/// The truth surface is ρ = 1.
/// </summary>
public sealed record Lesion(LesionType Type, IReadOnlyList<LesionPart> Parts, double Contrast, double CoreBoost, double EdgeWidth)
{
    public LesionPart Main => Parts[0];

    public double EffectiveRadius => Math.Cbrt(Main.SemiAxes.X * Main.SemiAxes.Y * Main.SemiAxes.Z);

    public double Rho(Vec3 y)
    {
        double rho = double.MaxValue;
        foreach (var p in Parts) rho = Math.Min(rho, p.Rho(y));
        return rho;
    }

    /// <summary>Image weight s = 1/(1 + exp(1.7(ρ−1)·r_eff/w)): half contrast at the truth surface.</summary>
    public double SoftWeight(double rho) => 1 / (1 + Math.Exp(1.7 * (rho - 1) * EffectiveRadius / EdgeWidth));

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

    /// <summary>Template-mm distance from the truth surface that a ρ difference of <paramref name="deltaRho"/> at least guarantees (bumps can shrink a semi-axis to 0.6×).</summary>
    public double MinScale => Parts.Min(p => p.MinSemiAxis) * 0.6;
}
