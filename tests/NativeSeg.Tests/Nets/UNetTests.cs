using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

public class UNetTests
{
    private static readonly ModelConfig Tiny = new() { Kind = ModelKind.UNet, Features = 4, Levels = 3, KernelVoxels = 3 };

    [Fact]
    public void OddInputSizesGiveLogitsOfTheSameSize()
    {
        torch.manual_seed(1);
        using var net = new UNet(Tiny with { Classes = 2 });
        using var scope = NewDisposeScope();
        var y = net.forward(randn(new long[] { 1, 1, 13, 11, 9 }), new Spacing(0.5, 0.5, 3));
        Assert.Equal(new long[] { 1, 2, 13, 11, 9 }, y.shape);
    }

    [Fact]
    public void ParameterCountOfThePaperSizedNetMatchesTheArchitectureFormula()
    {
        // conv: ci*co*k^3 + co; instance norm (affine): 2co; block: two conv+norm; up: transposed 2^3 conv.
        static long Conv(long ci, long co, long k) => ci * co * k * k * k + co;
        static long Block(long ci, long co) => Conv(ci, co, 5) + 2 * co + Conv(co, co, 5) + 2 * co;
        long expected = Block(1, 30) + Block(30, 60) + Block(60, 120) + Block(120, 240);
        foreach (long w in new long[] { 120, 60, 30 }) expected += Conv(2 * w, w, 2) + Block(2 * w, w);
        expected += Conv(30, 1, 1);
        using var net = new UNet(new ModelConfig { Kind = ModelKind.UNet });
        Assert.Equal(expected, net.ParameterCount());
    }

    [Fact]
    public void SpacingIsIgnoredAndGradientsReachTheFirstLayer()
    {
        torch.manual_seed(2);
        using var net = new UNet(Tiny);
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 1, 1, 8, 8, 8 });
        net.eval();
        var a = net.forward(x, Spacing.Isotropic(1));
        var b = net.forward(x, new Spacing(0.45, 0.45, 5));
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-6), $"max difference {(a - b).abs().max().item<float>()}");
        net.train();
        net.forward(x, Spacing.Isotropic(1)).square().mean().backward();
        var first = net.parameters().First();
        Assert.NotNull(first.grad);
        Assert.True(first.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void FactoryBuildsEveryKindsArchitecture()
    {
        foreach (var kind in Enum.GetValues<ModelKind>())
        {
            using var net = NetFactory.Create(kind.Architecture() == Architecture.RaUNet
                ? new ModelConfig { Kind = kind, IrrepsMultiplicity = 1, Levels = 2 }
                : Tiny with { Kind = kind });
            Assert.Equal(kind.Architecture(), net.Architecture);
        }
    }
}
