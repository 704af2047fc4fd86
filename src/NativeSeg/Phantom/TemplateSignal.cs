using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// The continuous, noise-free FLAIR signal of one subject at a template point y (docs/design/phantom.md §3.5):
/// S = icv·[fc·I_csf + (1 − s)(fg·I_gm + fw·I_wm)·mod + s·P·c_lesion], P = fg + fw (lesions never replace CSF),
/// and the truth occupancy o = [ρ_min ≤ 1]·[P ≥ 0.5]·[icv ≥ 0.5].
/// </summary>
public sealed class TemplateSignal
{
    private readonly AnatomyModel _model;
    private readonly FlairContrast _contrast;
    private readonly float[] _modifier;

    public TemplateSignal(AnatomyModel model, FlairContrast contrast, float[] modifier)
    {
        _model = model;
        _contrast = contrast;
        _modifier = modifier;
    }

    /// <summary>Trilinear tissue value (CSF and outside = 0) and intracranial fraction at y.</summary>
    public (double Tissue, double Icv) Anatomy(Vec3 y)
    {
        var s = _model.FineShape;
        double qx = (y.X - _model.FineOrigin.X) * 2, qy = (y.Y - _model.FineOrigin.Y) * 2, qz = (y.Z - _model.FineOrigin.Z) * 2;
        int i = (int)Math.Floor(qx), j = (int)Math.Floor(qy), k = (int)Math.Floor(qz);
        if (i < 0 || j < 0 || k < 0 || i >= s.X - 1 || j >= s.Y - 1 || k >= s.Z - 1) return (0, 0);
        double fx = qx - i, fy = qy - j, fz = qz - k;
        var tissue = _model.Tissue;
        long n = s.Index(i, j, k);
        long sy = s.X, sz = (long)s.X * s.Y;
        // Corner codes: 0 outside, 1 CSF (tissue value 0, intracranial), ≥ 51 tissue.
        int c000 = tissue[n], c100 = tissue[n + 1], c010 = tissue[n + sy], c110 = tissue[n + sy + 1];
        int c001 = tissue[n + sz], c101 = tissue[n + sz + 1], c011 = tissue[n + sz + sy], c111 = tissue[n + sz + sy + 1];
        double gx = 1 - fx, gy = 1 - fy, gz = 1 - fz;
        double w000 = gx * gy * gz, w100 = fx * gy * gz, w010 = gx * fy * gz, w110 = fx * fy * gz;
        double w001 = gx * gy * fz, w101 = fx * gy * fz, w011 = gx * fy * fz, w111 = fx * fy * fz;
        static double T(int code) => code > 1 ? code : 0;
        static double I(int code) => code > 0 ? 1 : 0;
        double t = w000 * T(c000) + w100 * T(c100) + w010 * T(c010) + w110 * T(c110) + w001 * T(c001) + w101 * T(c101) + w011 * T(c011) + w111 * T(c111);
        double icv = w000 * I(c000) + w100 * I(c100) + w010 * I(c010) + w110 * I(c110) + w001 * I(c001) + w101 * I(c101) + w011 * I(c011) + w111 * I(c111);
        return (t, icv);
    }

    /// <summary>Trilinear normal-appearance modifier (1 outside the coarse grid).</summary>
    public double Modifier(Vec3 y)
    {
        var s = _model.CoarseShape;
        double qx = y.X - _model.CoarseOrigin.X, qy = y.Y - _model.CoarseOrigin.Y, qz = y.Z - _model.CoarseOrigin.Z;
        int i = (int)Math.Floor(qx), j = (int)Math.Floor(qy), k = (int)Math.Floor(qz);
        if (i < 0 || j < 0 || k < 0 || i >= s.X - 1 || j >= s.Y - 1 || k >= s.Z - 1) return 1;
        double fx = qx - i, fy = qy - j, fz = qz - k, gx = 1 - fx, gy = 1 - fy, gz = 1 - fz;
        long n = s.Index(i, j, k);
        long sy = s.X, sz = (long)s.X * s.Y;
        var mod = _modifier;
        double m = gz * (gy * (gx * mod[n] + fx * mod[n + 1]) + fy * (gx * mod[n + sy] + fx * mod[n + sy + 1]))
                   + fz * (gy * (gx * mod[n + sz] + fx * mod[n + sz + 1]) + fy * (gx * mod[n + sz + sy] + fx * mod[n + sz + sy + 1]));
        return m;
    }

    /// <summary>S(y) and the intracranial fraction, with the lesions that may reach y (already culled).</summary>
    public (double Signal, double Icv) Evaluate(Vec3 y, ReadOnlySpan<Lesion> lesions)
    {
        var (t, icv) = Anatomy(y);
        if (icv <= 0) return (0, 0);
        var (fc, fg, fw) = _model.Fractions(t);
        double tissue = (fg * _contrast.Grey + fw * FlairContrast.White) * Modifier(y);
        double weight = 0, lesionSignal = 0;
        foreach (var lesion in lesions)
        {
            double rho = lesion.Rho(y);
            double w = lesion.SoftWeight(rho);
            if (w > weight) { weight = w; lesionSignal = lesion.Signal(rho); }
        }
        double p = fg + fw;
        return (icv * (fc * _contrast.Csf + (1 - weight) * tissue + weight * p * lesionSignal), icv);
    }

    /// <summary>Truth indicator o(y), and a ρ ≤ 1 when inside a lesion (not necessarily the smallest), else the smallest ρ.</summary>
    public (bool Inside, double RhoMin) Occupancy(Vec3 y, ReadOnlySpan<Lesion> lesions)
    {
        double rho = double.MaxValue;
        foreach (var lesion in lesions)
        {
            rho = Math.Min(rho, lesion.Rho(y));
            if (rho <= 1) break; // only [ρ_min ≤ 1] matters from here on
        }
        if (rho > 1) return (false, rho);
        var (t, icv) = Anatomy(y);
        if (icv < 0.5) return (false, rho);
        var (_, fg, fw) = _model.Fractions(t);
        return (fg + fw >= 0.5, rho);
    }
}
