using NativeSeg.Imaging.Preprocessing;

namespace NativeSeg.Tests.Imaging;

public class IntensityNormalizationTests
{
    [Fact]
    public void NonzeroVoxelsGetMeanZeroUnitVarianceAndBackgroundStaysZero()
    {
        float[] v = [0, 2, 4, 0, 6, 8];
        var z = IntensityNormalization.ZScoreNonzero(v);
        Assert.Equal(0f, z[0]);
        Assert.Equal(0f, z[3]);
        var brain = new[] { z[1], z[2], z[4], z[5] };
        Assert.Equal(0, brain.Average(), 6);
        Assert.Equal(1, brain.Select(x => (double)x * x).Average(), 6);
        Assert.Equal((2 - 5) / Math.Sqrt(5), z[1], 5);
    }
}
