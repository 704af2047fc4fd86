using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>
/// Banded weights W[n, m] from a fine lattice to the output voxels along one grid axis (docs/design/phantom.md §4.3). The lattice
/// has k = max(1, round(s / 0.5 mm)) points per voxel, step h = s/k, positions p_m = q₀ − s/2 + (m − pad + ½)h.
/// Gaussian PSF (in-plane, and slice axis in 3D): W = Φ((d + h/2)/σ) − Φ((d − h/2)/σ), σ = FWHM/2.3548.
/// Box slice profile (2D slice axis): W ∝ erf((d + T/2)/(√2σₑ)) − erf((d − T/2)/(√2σₑ)), σₑ = 0.1·T; a gap gets no weight.
/// Rows are normalised to 1, entries below 1e-4 of a row's maximum dropped.
/// </summary>
public sealed class PsfAxis
{
    public const double LatticeTarget = 0.5;

    private PsfAxis(double start, double step, int count, int[] first, float[][] weights)
    {
        Start = start; Step = step; Count = count; First = first; Weights = weights;
    }

    /// <summary>Position (frame mm) of lattice point 0.</summary>
    public double Start { get; }
    public double Step { get; }
    /// <summary>Number of lattice points.</summary>
    public int Count { get; }
    /// <summary>First lattice index of each output voxel's band.</summary>
    public int[] First { get; }
    public float[][] Weights { get; }

    public double Position(int m) => Start + m * Step;

    public static PsfAxis Gaussian(int outputs, double spacing, double origin, double fwhm) =>
        Build(outputs, spacing, origin, 2 * fwhm, (d, h) =>
        {
            double sigma = fwhm / 2.3548200450309493;
            return SpecialFunctions.NormalCdf((d + h / 2) / sigma) - SpecialFunctions.NormalCdf((d - h / 2) / sigma);
        });

    public static PsfAxis Box(int outputs, double spacing, double origin, double thickness)
    {
        double se = 0.1 * thickness;
        return Build(outputs, spacing, origin, thickness / 2 + 3 * se, (d, h) =>
            h * 0.5 * (SpecialFunctions.Erf((d + thickness / 2) / (Math.Sqrt(2) * se)) - SpecialFunctions.Erf((d - thickness / 2) / (Math.Sqrt(2) * se))));
    }

    private static PsfAxis Build(int outputs, double spacing, double origin, double pad, Func<double, double, double> weight)
    {
        int k = Math.Max(1, (int)Math.Round(spacing / LatticeTarget));
        double h = spacing / k;
        int padCount = (int)Math.Ceiling(pad / h) + 1;
        int count = outputs * k + 2 * padCount;
        double start = origin - spacing / 2 + (0.5 - padCount) * h;
        var first = new int[outputs];
        var weights = new float[outputs][];
        for (int n = 0; n < outputs; n++)
        {
            double c = origin + n * spacing;
            int lo = Math.Max(0, (int)Math.Floor((c - pad - h - start) / h));
            int hi = Math.Min(count - 1, (int)Math.Ceiling((c + pad + h - start) / h));
            var w = new double[hi - lo + 1];
            for (int m = lo; m <= hi; m++) w[m - lo] = Math.Max(0, weight(start + m * h - c, h));
            double max = w.Max(), sum = 0;
            for (int q = 0; q < w.Length; q++) { if (w[q] < 1e-4 * max) w[q] = 0; sum += w[q]; }
            int a = 0, b = w.Length - 1;
            while (a < b && w[a] == 0) a++;
            while (b > a && w[b] == 0) b--;
            first[n] = lo + a;
            weights[n] = new float[b - a + 1];
            for (int q = a; q <= b; q++) weights[n][q - a] = (float)(w[q] / sum);
        }
        return new PsfAxis(start, h, count, first, weights);
    }
}
