using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

public class PoolingTests
{
    private static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().to_type(ScalarType.Float64).item<double>();

    /// <summary>
    /// One 2x2x1 window per sample holding a scalar and a vector per voxel. Scalars take the plain maximum; the
    /// vector is the one of largest norm, whole, even though other voxels have larger single components.
    /// The two samples have their winners at different voxels (no mixing across the batch).
    /// </summary>
    [Fact]
    public void ScalarsTakeTheMaximumAndVectorsTheLargestNormVoxel()
    {
        using var scope = NewDisposeScope();
        var pool = new ResolutionAdaptivePooling("1x0e+1x1e");
        // [B=2, C=4, X=2, Y=2, Z=1]; voxel order (x, y) = (0,0), (0,1), (1,0), (1,1).
        double[][] sample0 = { new[] { 0.5, 3, 0, 0 }, new[] { -1.0, 0, 2.5, 2.5 }, new[] { 2.0, 2.9, 2.9, 0 }, new[] { 1.5, 0, 0, -5 } };
        double[][] sample1 = { new[] { 7.0, 0, 6, 0 }, new[] { -1.0, 1, 1, 1 }, new[] { 0.0, -2, 0, 0 }, new[] { -3.0, 0, 0, 4 } };
        var data = new double[2 * 4 * 4];
        for (int b = 0; b < 2; b++)
            for (int v = 0; v < 4; v++)
                for (int c = 0; c < 4; c++)
                    data[(b * 4 + c) * 4 + v] = (b == 0 ? sample0 : sample1)[v][c];
        var x = tensor(data, new long[] { 2, 4, 2, 2, 1 }, dtype: ScalarType.Float64);
        var window = KernelPlan.PoolSizes(2, new Spacing(1, 1, 2.5));
        Assert.Equal(new Shape3(2, 2, 1), window);
        var pooled = pool.forward(x, window);
        Assert.Equal(new long[] { 2, 4, 1, 1, 1 }, pooled.shape);
        var got = pooled.reshape(2, 4).data<double>().ToArray();
        Assert.Equal(new[] { 2.0, 0, 0, -5, 7.0, 0, 6, 0 }, got);
    }

    [Fact]
    public void PoolingIsEquivariantToNinetyDegreeRotationsAndUsesPerAxisSizes()
    {
        using var scope = NewDisposeScope();
        Irreps irreps = "2x0e+2x1e+1x2e+1x0o";
        var pool = new ResolutionAdaptivePooling(irreps);
        var x = randn(new long[] { 2, irreps.Dim, 6, 4, 8 }, dtype: ScalarType.Float64, generator: new Generator(5));
        var y = pool.forward(x, KernelPlan.PoolSizes(2, Spacing.Isotropic(1)));
        Assert.Equal(new long[] { 2, irreps.Dim, 3, 2, 4 }, y.shape);
        foreach (var (a, b) in new[] { (0, 1), (1, 2), (0, 2) })
        {
            var (xr, r) = GridTransforms.Rot90(x, a, b);
            var lhs = pool.forward(GridTransforms.RotateChannels(irreps, r, xr), KernelPlan.PoolSizes(2, Spacing.Isotropic(1)));
            var rhs = GridTransforms.RotateChannels(irreps, r, GridTransforms.Rot90(y, a, b).Field);
            Assert.InRange(MaxDiff(lhs, rhs), 0, 1e-12);
        }
        // 0.5 x 0.5 x 3 mm with a 2 mm width pools 4 x 4 x 1; odd leftovers are dropped (floor mode).
        var window = KernelPlan.PoolSizes(2, new Spacing(0.5, 0.5, 3));
        Assert.Equal(new Shape3(4, 4, 1), window);
        var z = pool.forward(randn(new long[] { 1, irreps.Dim, 9, 8, 3 }, dtype: ScalarType.Float64), window);
        Assert.Equal(new long[] { 1, irreps.Dim, 2, 2, 3 }, z.shape);
    }

    [Fact]
    public void UpsamplingIsTrilinearWithAlignedCornersOntoOddSkipShapes()
    {
        using var scope = NewDisposeScope();
        var up = new ResolutionAdaptiveUpsampling();
        // f(i, j, k) = i + 10 j + 100 k on a 3 x 2 x 4 grid; trilinear interpolation reproduces it exactly.
        var coarse = (arange(3, dtype: ScalarType.Float64).view(3, 1, 1) + 10 * arange(2, dtype: ScalarType.Float64).view(1, 2, 1)
                      + 100 * arange(4, dtype: ScalarType.Float64).view(1, 1, 4)).view(1, 1, 3, 2, 4);
        var skip = zeros(new long[] { 1, 5, 7, 5, 9 }, dtype: ScalarType.Float64);
        var fine = up.forward(coarse, skip);
        Assert.Equal(new long[] { 1, 1, 7, 5, 9 }, fine.shape);
        // align_corners: src(j) = j (n - 1) / (N - 1).
        var expected = (arange(7, dtype: ScalarType.Float64).view(7, 1, 1) * (2.0 / 6) + 10 * arange(5, dtype: ScalarType.Float64).view(1, 5, 1) * (1.0 / 4)
                        + 100 * arange(9, dtype: ScalarType.Float64).view(1, 1, 9) * (3.0 / 8)).view(1, 1, 7, 5, 9);
        Assert.InRange(MaxDiff(fine, expected), 0, 1e-10);
    }
}
