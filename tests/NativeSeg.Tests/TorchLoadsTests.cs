using NativeSeg.Equivariant.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void Conv3dWithAutogradRunsAndMatchesAnalyticGradient()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 1, 1, 4, 4, 4 }, dtype: float64, requires_grad: true);
        var w = full(new long[] { 2, 1, 3, 3, 3 }, 0.5, dtype: float64, requires_grad: true);
        var y = nn.functional.conv3d(x, w, padding: new long[] { 1, 1, 1 });
        Assert.Equal(new long[] { 1, 2, 4, 4, 4 }, y.shape);
        // Interior voxels see all 27 ones: 27 * 0.5.
        Assert.Equal(13.5, y[0, 0, 1, 1, 1].item<double>(), 12);
        y.sum().backward();
        // d(sum)/dw[c,0,a,b,c'] = number of output voxels whose window offset lands inside: 3*3*3 per axis pattern.
        // For a 4-long axis with padding 1, offsets -1 and +1 each hit 3 voxels, offset 0 hits 4.
        Assert.Equal(4.0 * 4 * 4, w.grad!.index(0, 0, 1, 1, 1).item<double>(), 12);
        Assert.Equal(3.0 * 3 * 3, w.grad!.index(0, 0, 0, 0, 0).item<double>(), 12);
    }

    [Fact]
    public void CudaIsRefusedWhenNotAvailable()
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.ParseDevice("cpu").type);
        if (!cuda.is_available())
        {
            var e = Assert.Throws<UserInputException>(() => TorchDevice.Parse("cuda"));
            Assert.Contains("CUDA is not available", e.Message);
        }
        Assert.Throws<UserInputException>(() => TorchDevice.Parse("tpu"));
    }
}
