using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Phantom;

/// <summary>
/// Magnitude-image noise (docs/design/phantom.md §5): I = |S + σ(n₁ + i·n₂)|, n₁, n₂ ~ N(0,1) per voxel. For zero-filled
/// reconstructions (r > 1) both channels are smoothed in-plane with a Gaussian of σ = 0.5·r voxels and
/// rescaled to unit variance (exactly, by the kernel's Σw²), like interpolated data.
/// </summary>
public static class RicianNoise
{
    public static void Apply(float[] signal, Shape3 shape, double sigma, double interpolation, PhantomRandom rng)
    {
        var n1 = new float[signal.Length];
        var n2 = new float[signal.Length];
        for (long v = 0; v < signal.Length; v++) { n1[v] = (float)rng.Normal(); n2[v] = (float)rng.Normal(); }
        if (interpolation > 1)
        {
            Smooth(n1, shape, 0.5 * interpolation);
            Smooth(n2, shape, 0.5 * interpolation);
        }
        for (long v = 0; v < signal.Length; v++)
        {
            double re = signal[v] + sigma * n1[v], im = sigma * n2[v];
            signal[v] = (float)Math.Sqrt(re * re + im * im);
        }
    }

    private static void Smooth(float[] x, Shape3 shape, double sigmaVoxels)
    {
        int radius = (int)Math.Ceiling(3 * sigmaVoxels);
        var w = new double[2 * radius + 1];
        for (int d = -radius; d <= radius; d++) w[d + radius] = Math.Exp(-d * d / (2 * sigmaVoxels * sigmaVoxels));
        double norm = 1 / Math.Sqrt(w.Sum(v => v * v));
        for (int d = 0; d < w.Length; d++) w[d] *= norm;
        for (int axis = 0; axis < 2; axis++)
        {
            var copy = (float[])x.Clone();
            int len = shape[axis];
            long stride = axis == 0 ? 1 : shape.X;
            Parallel.For(0, shape.Z, k =>
            {
                for (int j = 0; j < shape.Y; j++)
                    for (int i = 0; i < shape.X; i++)
                    {
                        int pos = axis == 0 ? i : j;
                        long n = shape.Index(i, j, k);
                        double acc = 0;
                        for (int d = -radius; d <= radius; d++)
                        {
                            int q = pos + d;
                            // Mirror at the edges keeps the variance (every tap still draws an independent-ish sample).
                            if (q < 0) q = -q - 1;
                            if (q >= len) q = 2 * len - q - 1;
                            q = Math.Clamp(q, 0, len - 1);
                            acc += w[d + radius] * copy[n + (q - pos) * stride];
                        }
                        x[n] = (float)acc;
                    }
            });
        }
    }
}
