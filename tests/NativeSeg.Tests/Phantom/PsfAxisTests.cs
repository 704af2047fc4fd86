using NativeSeg.Imaging;
using NativeSeg.Phantom;

namespace NativeSeg.Tests.Phantom;

public class PsfAxisTests
{
    /// <summary>The 2D slice profile is a box of width T: weights sum to 1, the mean is the slice centre, the variance T²/12 (+ edge and lattice terms).</summary>
    [Theory]
    [InlineData(5.0, 5.0)]
    [InlineData(6.0, 5.0)]
    [InlineData(3.3, 3.0)]
    public void BoxProfileHasTheSliceWidth(double spacing, double thickness)
    {
        var axis = PsfAxis.Box(8, spacing, origin: 10, thickness);
        for (int n = 0; n < 8; n++)
        {
            var (sum, mean, variance) = Moments(axis, n);
            Assert.Equal(1, sum, 5);
            Assert.Equal(10 + n * spacing, mean, 3);
            double se = 0.1 * thickness;
            double expected = thickness * thickness / 12 + se * se + axis.Step * axis.Step / 12;
            Assert.InRange(variance, 0.97 * expected, 1.03 * expected);
        }
    }

    /// <summary>The in-plane PSF is a Gaussian of the requested FWHM, integrated over lattice cells: variance σ² + h²/12.</summary>
    [Fact]
    public void GaussianHasTheRequestedWidth()
    {
        var axis = PsfAxis.Gaussian(20, 0.9, origin: -5, fwhm: 1.2 * 0.9);
        double sigma = 1.2 * 0.9 / 2.3548200450309493;
        var (sum, mean, variance) = Moments(axis, 7);
        Assert.Equal(1, sum, 5);
        Assert.Equal(-5 + 7 * 0.9, mean, 4);
        Assert.InRange(variance, 0.98 * (sigma * sigma + axis.Step * axis.Step / 12), 1.02 * (sigma * sigma + axis.Step * axis.Step / 12));
        Assert.True(axis.Step <= 0.5);
    }

    [Fact]
    public void ErfMatchesKnownValues()
    {
        Assert.Equal(0.8427007929, SpecialFunctions.Erf(1), 6);
        Assert.Equal(-0.5204998778, SpecialFunctions.Erf(-0.5), 6);
        Assert.Equal(0.975, SpecialFunctions.NormalCdf(1.959963985), 6);
    }

    private static (double Sum, double Mean, double Variance) Moments(PsfAxis axis, int n)
    {
        var w = axis.Weights[n];
        double sum = 0, m1 = 0, m2 = 0;
        for (int q = 0; q < w.Length; q++)
        {
            double p = axis.Position(axis.First[n] + q);
            sum += w[q]; m1 += w[q] * p; m2 += w[q] * p * p;
        }
        double mean = m1 / sum;
        return (sum, mean, m2 / sum - mean * mean);
    }
}
