using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

/// <summary>
/// float32 conv3d against float64 (libtorch's native path) for the channel counts where oneDNN went wrong on this
/// project's machines (more than 16 input channels not a multiple of 16; output channels not a multiple of 16), along
/// the path this machine chose and along both exact paths round the fault.
/// </summary>
public class Convolution3dTests
{
    [Theory]
    [InlineData(17, 17)]
    [InlineData(18, 36)]
    [InlineData(30, 8)]
    [InlineData(1, 18)]
    [InlineData(4, 4)]
    [InlineData(36, 1)]
    [InlineData(2, 8)]
    public void ForwardAndGradientsAgreeWithFloat64(int channelsIn, int channelsOut)
    {
        foreach (var convolve in new Func<Tensor, Tensor, Tensor?, long[], Tensor>[] { Convolution3d.Apply, Convolution3d.Padded, Convolution3d.ChannelsLast })
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)(channelsIn * 100 + channelsOut));
            var x = randn(new long[] { 1, channelsIn, 9, 8, 7 }, generator: generator).requires_grad_(true);
            var w = randn(new long[] { channelsOut, channelsIn, 5, 5, 5 }, generator: generator).requires_grad_(true);
            var b = randn(new long[] { channelsOut }, generator: generator).requires_grad_(true);
            var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var w64 = w.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var b64 = b.detach().to_type(ScalarType.Float64).requires_grad_(true);
            long[] padding = [2, 2, 2];
            var y = convolve(x, w, b, padding);
            var y64 = nn.functional.conv3d(x64, w64, b64, padding: padding);
            Assert.Equal(y64.shape, y.shape);
            var g = randn(y.shape, generator: generator);
            y.backward([g]);
            y64.backward([g.to_type(ScalarType.Float64)]);
            Assert.InRange(Relative(y.detach(), y64.detach()), 0, 1e-5);
            Assert.InRange(Relative(x.grad!, x64.grad!), 0, 1e-5);
            Assert.InRange(Relative(w.grad!, w64.grad!), 0, 1e-5);
            Assert.InRange(Relative(b.grad!, b64.grad!), 0, 1e-5);
        }
    }

    /// <summary>Every path, on every kernel it runs: a 5³ cube, a one-voxel-deep 9x9x1 (slices), a 5x5x3 (stacked slices
    /// over z), a 3x1x5 (flat along y), with a bias, odd channel counts and the first layer's single input channel.</summary>
    [Theory]
    [InlineData(1, 18, 5, 5, 5)]
    [InlineData(1, 36, 9, 9, 1)]
    [InlineData(30, 36, 9, 9, 1)]
    [InlineData(30, 72, 5, 5, 3)]
    [InlineData(17, 18, 3, 1, 5)]
    [InlineData(3, 5, 3, 5, 5)]
    public void EveryPathAgreesWithFloat64OnEveryKernelItRuns(int channelsIn, int channelsOut, int kx, int ky, int kz)
    {
        long[] kernel = [kx, ky, kz];
        long[] padding = [.. kernel.Select(k => (k - 1) / 2)];
        int ran = 0;
        foreach (var path in Enum.GetValues<Conv3dPath>())
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)(channelsIn * 100 + channelsOut + kz));
            var x = randn(new long[] { 2, channelsIn, 9, 8, 7 }, generator: generator).requires_grad_(true);
            var w = randn([channelsOut, channelsIn, .. kernel], generator: generator).requires_grad_(true);
            if (!Convolution3d.Runs(path, w, padding)) continue;
            if (path == Conv3dPath.Plain && Convolution3d.Path != Conv3dPath.Plain) continue;   // the fault this machine may have
            var b = randn(new long[] { channelsOut }, generator: generator).requires_grad_(true);
            var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var w64 = w.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var b64 = b.detach().to_type(ScalarType.Float64).requires_grad_(true);
            var y = Convolution3d.Apply(x, w, b, padding, path);
            var y64 = nn.functional.conv3d(x64, w64, b64, padding: padding);
            Assert.Equal(y64.shape, y.shape);
            var g = randn(y.shape, generator: generator);
            y.backward([g]);
            y64.backward([g.to_type(ScalarType.Float64)]);
            foreach (var (name, a, e) in new[] { ("output", y.detach(), y64.detach()), ("input gradient", x.grad!, x64.grad!),
                                                 ("weight gradient", w.grad!, w64.grad!), ("bias gradient", b.grad!, b64.grad!) })
                Assert.True(Relative(a, e) < 1e-5, $"{path} {name}: {Relative(a, e):E2}");
            // The float64 path of the same arrangement is the same sum in another order: equal to rounding.
            var z64 = Convolution3d.Apply(x64.detach(), w64.detach(), b64.detach(), padding, path);
            Assert.True(Relative(z64, y64.detach()) < 1e-12, $"{path} float64: {Relative(z64, y64.detach()):E2}");
            Assert.True(Convolution3d.AgreesWithFloat64(path, channelsIn, channelsOut, kernel, padding), $"{path}: the per-layer check refused an exact path");
            ran++;
        }
        Assert.True(ran >= 4, $"only {ran} paths ran");
    }

    [Fact]
    public void SlicesRunOnlyFlatKernelsAndStackedSlicesOnlyTheOthers()
    {
        using var scope = NewDisposeScope();
        Assert.True(Convolution3d.Runs(Conv3dPath.Slices, zeros(new long[] { 4, 4, 9, 9, 1 }), [4, 4, 0]));
        Assert.False(Convolution3d.Runs(Conv3dPath.Slices, zeros(new long[] { 4, 4, 9, 9, 1 }), [4, 4, 1]));   // padded along the flat axis
        Assert.False(Convolution3d.Runs(Conv3dPath.Slices, zeros(new long[] { 4, 4, 5, 5, 3 }), [2, 2, 1]));
        Assert.True(Convolution3d.Runs(Conv3dPath.StackedSlices, zeros(new long[] { 4, 4, 5, 5, 3 }), [2, 2, 1]));
        Assert.False(Convolution3d.Runs(Conv3dPath.StackedSlices, zeros(new long[] { 4, 4, 9, 9, 1 }), [4, 4, 0]));
        var error = Assert.Throws<ArgumentException>(() => Convolution3d.Apply(zeros(new long[] { 1, 4, 6, 6, 6 }), zeros(new long[] { 4, 4, 5, 5, 3 }), null, [2, 2, 1], Conv3dPath.Slices));
        Assert.Contains("not one voxel deep", error.Message);
    }

    [Fact]
    public void ForcedPathHoldsOnThisThreadUntilDisposed()
    {
        var chosen = Convolution3d.Path;
        using (Convolution3d.Force(Conv3dPath.Padded))
        {
            Assert.Equal(Conv3dPath.Padded, Convolution3d.Path);
            using (Convolution3d.Force(Conv3dPath.ChannelsLast)) Assert.Equal(Conv3dPath.ChannelsLast, Convolution3d.Path);
            Assert.Equal(Conv3dPath.Padded, Convolution3d.Path);
            Assert.Equal(Conv3dPath.Plain, Convolution3d.PathFor(ScalarType.Float64));
        }
        Assert.Equal(chosen, Convolution3d.Path);
    }

    [Fact]
    public void ChannelsLastOutputFeedsEitherPath()
    {
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 1, 18, 6, 6, 6 });
        var w = randn(new long[] { 18, 18, 5, 5, 5 });
        long[] padding = [2, 2, 2];
        Assert.False(Convolution3d.ChannelsLast(x, w, null, padding).is_contiguous());
        Assert.Equal(1, Convolution3d.ChannelsLast(x, w, null, padding).stride(1));
        var y = Convolution3d.ChannelsLast(x, w, null, padding);
        var z = Convolution3d.ChannelsLast(y, w, null, padding);
        Assert.InRange(Relative(Convolution3d.Padded(y, w, null, padding), z.to_type(ScalarType.Float64)), 0, 1e-5);
        Assert.InRange(Relative(Convolution3d.Padded(y.contiguous(), w, null, padding), z.to_type(ScalarType.Float64)), 0, 1e-5);
    }

    private static double Relative(Tensor a, Tensor b) => ((a.to_type(ScalarType.Float64) - b).abs().max() / b.abs().max()).item<double>();
}
