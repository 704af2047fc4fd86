namespace NativeSeg.Phantom;

/// <summary>
/// The continuous, noise-free FLAIR signal of one subject at a template point y (design §3.5):
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
        double t = 0, icv = 0;
        for (int c = 0; c < 8; c++)
        {
            int a = c & 1, b = (c >> 1) & 1, d = c >> 2;
            double w = (a == 1 ? fx : 1 - fx) * (b == 1 ? fy : 1 - fy) * (d == 1 ? fz : 1 - fz);
            byte code = tissue[n + a + b * sy + d * sz];
            if (code > 1) t += w * code;
            if (code > 0) icv += w;
        }
        return (t, icv);
    }

    /// <summary>Trilinear normal-appearance modifier (1 outside the coarse grid).</summary>
    public double Modifier(Vec3 y)
    {
        var s = _model.CoarseShape;
        double qx = y.X - _model.CoarseOrigin.X, qy = y.Y - _model.CoarseOrigin.Y, qz = y.Z - _model.CoarseOrigin.Z;
        int i = (int)Math.Floor(qx), j = (int)Math.Floor(qy), k = (int)Math.Floor(qz);
        if (i < 0 || j < 0 || k < 0 || i >= s.X - 1 || j >= s.Y - 1 || k >= s.Z - 1) return 1;
        double fx = qx - i, fy = qy - j, fz = qz - k;
        long n = s.Index(i, j, k);
        long sy = s.X, sz = (long)s.X * s.Y;
        double m = 0;
        for (int c = 0; c < 8; c++)
        {
            int a = c & 1, b = (c >> 1) & 1, d = c >> 2;
            double w = (a == 1 ? fx : 1 - fx) * (b == 1 ? fy : 1 - fy) * (d == 1 ? fz : 1 - fz);
            m += w * _modifier[n + a + b * sy + d * sz];
        }
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

    /// <summary>Truth indicator o(y) and the smallest ρ among the given lesions.</summary>
    public (bool Inside, double RhoMin) Occupancy(Vec3 y, ReadOnlySpan<Lesion> lesions)
    {
        double rho = double.MaxValue;
        foreach (var lesion in lesions) rho = Math.Min(rho, lesion.Rho(y));
        if (rho > 1) return (false, rho);
        var (t, icv) = Anatomy(y);
        if (icv < 0.5) return (false, rho);
        var (_, fg, fw) = _model.Fractions(t);
        return (fg + fw >= 0.5, rho);
    }
}
