namespace NativeSeg.Training.Augmentation;

/// <summary>How the source samples are read between their centres.</summary>
public enum SourceKernel
{
    /// <summary>Keys' cubic convolution (a = −½): interpolating, exact for quadratics; for images.</summary>
    Cubic,
    /// <summary>Linear: keeps a 0/1 label's fractions within [0, 1]; for labels and masks.</summary>
    Linear,
}

/// <summary>
/// The linear map from a row of source samples to a row of target voxels along one axis:
/// W[i, k] = ∫ p(x − xᵢ) κ(x / s − k) dx, target voxel i's profile p (<see cref="AxisProfile"/>) against source sample
/// k's interpolation kernel κ, evaluated on a lattice of s/8 cells with the profile integrated exactly over each cell
/// (the phantom's banded PSF weights, with the source's samples in place of the continuous signal). Samples beyond the
/// source's ends are zero, so a target voxel over the edge sees the image fade as a scanner's would past the field of view.
/// </summary>
public static class AxisWeights
{
    private const int CellsPerSample = 8;

    /// <param name="first">Target voxel 0's centre in source sample units.</param>
    /// <param name="step">Target voxel spacing in source sample units (negative: the axes run opposite ways).</param>
    /// <returns>[count x sourceCount], row-major.</returns>
    public static float[] Build(AxisProfile profile, SourceKernel kernel, int count, double first, double step, int sourceCount, double sourceSpacing)
    {
        var w = new float[count * sourceCount];
        double h = 1.0 / CellsPerSample;   // cell width in source samples
        for (int i = 0; i < count; i++)
        {
            double centre = first + i * step;
            var row = w.AsSpan(i * sourceCount, sourceCount);
            if (profile.Kind == AxisProfileKind.Point)
            {
                Spread(row, centre, 1, kernel);
                continue;
            }
            double reach = profile.Reach / sourceSpacing;
            int cells = (int)Math.Ceiling(2 * reach / h);
            double start = centre - cells * h / 2;
            for (int l = 0; l < cells; l++)
            {
                double a = start + l * h;
                double weight = profile.Integral((a - centre) * sourceSpacing, (a + h - centre) * sourceSpacing);
                if (weight > 1e-9) Spread(row, a + h / 2, weight, kernel);
            }
        }
        return w;
    }

    /// <summary>Adds <paramref name="weight"/> x κ(u − k) to every source sample k the kernel reaches from position u.</summary>
    private static void Spread(Span<float> row, double u, double weight, SourceKernel kernel)
    {
        int floor = (int)Math.Floor(u);
        int lo = kernel == SourceKernel.Cubic ? floor - 1 : floor, hi = kernel == SourceKernel.Cubic ? floor + 2 : floor + 1;
        for (int k = Math.Max(lo, 0); k <= Math.Min(hi, row.Length - 1); k++)
            row[k] += (float)(weight * (kernel == SourceKernel.Cubic ? Keys(u - k) : Math.Max(0, 1 - Math.Abs(u - k))));
    }

    /// <summary>Keys (1981) cubic convolution kernel, a = −½.</summary>
    public static double Keys(double t)
    {
        t = Math.Abs(t);
        return t <= 1 ? (1.5 * t - 2.5) * t * t + 1 : t < 2 ? ((-0.5 * t + 2.5) * t - 4) * t + 2 : 0;
    }
}
