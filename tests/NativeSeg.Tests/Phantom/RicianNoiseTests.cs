using NativeSeg.Imaging.Geometry;
using NativeSeg.Phantom;

namespace NativeSeg.Tests.Phantom;

public class RicianNoiseTests
{
    /// <summary>
    /// Two acquisitions with the same signal and independent noise (grids that differ only in how the thickness is
    /// given, so their noise seeds differ): in bright tissue the difference / √2 has std σ_rel·gain (design §3.7, §5;
    /// Rician ≈ Gaussian at SNR > 10). Zero-filled grids (r = 2) have in-plane correlated noise, r = 1 does not.
    /// </summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void NoiseHasTheStatedLevelAndCorrelation(double interpolation)
    {
        var fov = new Vec3(24, 24, 24);
        var spacing = new Spacing(0.8, 0.8, 1);
        var a = SharedSubject.Subject.Acquire(new AcquisitionGrid(spacing, Plane.Axial, null, fov, 1.1, interpolation));
        var b = SharedSubject.Subject.Acquire(new AcquisitionGrid(spacing, Plane.Axial, 1.0, fov, 1.1, interpolation));
        Assert.NotEqual(a.Image.Voxels, b.Image.Voxels);
        double gain = SharedSubject.Subject.Contrast.Gain;
        var shape = a.Image.Shape;
        double sum = 0, sumSq = 0, lag = 0, lagNorm = 0;
        long n = 0;
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X - 1; i++)
                {
                    long v = shape.Index(i, j, k);
                    if (a.Mask[v] == 0 || a.Mask[v + 1] == 0 || a.Image.Voxels[v] < 0.5 * gain) continue;
                    double d = (a.Image.Voxels[v] - b.Image.Voxels[v]) / Math.Sqrt(2);
                    double dNext = (a.Image.Voxels[v + 1] - b.Image.Voxels[v + 1]) / Math.Sqrt(2);
                    sum += d; sumSq += d * d; lag += d * dNext; lagNorm += d * d; n++;
                }
        Assert.True(n > 2000, $"{n} voxels");
        double std = Math.Sqrt(sumSq / n - (sum / n) * (sum / n));
        double expected = a.Info.NoiseSigma * gain;
        Assert.InRange(std, 0.93 * expected, 1.07 * expected);
        double correlation = lag / lagNorm;
        if (interpolation > 1) Assert.True(correlation > 0.5, $"lag-1 correlation {correlation:0.00}");
        else Assert.InRange(correlation, -0.1, 0.1);
    }
}
