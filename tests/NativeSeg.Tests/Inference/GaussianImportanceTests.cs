using NativeSeg.Imaging.Geometry;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

public class GaussianImportanceTests
{
    [Theory]
    [InlineData(17, 17, 17)]
    [InlineData(16, 16, 16)]
    [InlineData(20, 9, 12)]
    public void Map_is_one_at_the_centre_symmetric_and_at_most_one(int x, int y, int z)
    {
        var shape = new Shape3(x, y, z);
        var map = GaussianImportance.Map(shape);
        // The voxel(s) nearest the geometric centre: one for odd sizes, two per even axis.
        Assert.Equal(1f, map[shape.Index(x / 2, y / 2, z / 2)]);
        Assert.Equal(1f, map[shape.Index((x - 1) / 2, (y - 1) / 2, (z - 1) / 2)]);
        Assert.All(map, w => Assert.InRange(w, float.Epsilon, 1f));
        for (int k = 0; k < z; k++)
            for (int j = 0; j < y; j++)
                for (int i = 0; i < x; i++)
                {
                    float w = map[shape.Index(i, j, k)];
                    Assert.Equal(w, map[shape.Index(x - 1 - i, j, k)]);
                    Assert.Equal(w, map[shape.Index(i, y - 1 - j, k)]);
                    Assert.Equal(w, map[shape.Index(i, j, z - 1 - k)]);
                }
    }

    [Theory]
    [InlineData(24, 8, 33)]
    [InlineData(120, 120, 120)]
    public void Sigma_is_one_eighth_of_the_patch_along_each_axis(int x, int y, int z)
    {
        var shape = new Shape3(x, y, z);
        var map = GaussianImportance.Map(shape);
        int[] n = { x, y, z };
        for (int axis = 0; axis < 3; axis++)
        {
            // Along a line through the centre, w(i)/w(i') = exp(-((i - c)^2 - (i' - c)^2) / (2 sigma^2)); recover sigma from
            // the centre and a voxel 2 sigma away, so a wrong sigma (or a wrong axis order) shows as a mismatch.
            double c = (n[axis] - 1) / 2.0, expectedSigma = n[axis] / 8.0;
            int near = (n[axis] - 1) / 2, far = Math.Min(n[axis] - 1, (int)Math.Round(c + 2 * expectedSigma));
            float At(int i) => map[shape.Index(axis == 0 ? i : (x - 1) / 2, axis == 1 ? i : (y - 1) / 2, axis == 2 ? i : (z - 1) / 2)];
            double ratio = At(far) / (double)At(near);
            double sigma = Math.Sqrt(((far - c) * (far - c) - (near - c) * (near - c)) / (-2 * Math.Log(ratio)));
            Assert.Equal(expectedSigma, sigma, 4);
            Assert.Equal(expectedSigma, GaussianImportance.Sigma(n[axis]), 12);
        }
    }

    [Fact]
    public void Corner_weight_is_the_product_of_the_axis_profiles()
    {
        // Odd size: identical to nnU-Net (centre n // 2); corner = exp(-3 (n-1)^2/4 / (2 (n/8)^2)).
        var shape = new Shape3(17, 17, 17);
        var map = GaussianImportance.Map(shape);
        double d = 8, sigma = 17 / 8.0;
        double expected = Math.Exp(-3 * d * d / (2 * sigma * sigma));
        Assert.Equal(expected, map[0], expected * 1e-5);
        Assert.Equal(map.Min(), map[0]);
    }
}
