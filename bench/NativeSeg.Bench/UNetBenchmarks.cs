using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// The baseline U-Net at the paper's size (30 features, 4 levels, 5³ kernels): forward + backward of a 64³ patch
/// (its kernels are fixed in voxels, so the spacing changes nothing), forward of a 120³ patch, and the
/// convolutions' effective GFLOP/s (2 x voxels x in x out x k³ per convolution, transposed ones included).
/// </summary>
public sealed class UNetBenchmarks : IBenchmarkSuite
{
    public string Key => "unet";

    public string Title => "Baseline U-Net (paper size): forward and forward + backward";

    public IEnumerable<BenchmarkCase> Cases()
    {
        torch.manual_seed(0);
        var config = new ModelConfig { Kind = ModelKind.UNet };
        var net = new UNet(config);
        foreach (long side in new long[] { 64, 120 })
        {
            var shape = new[] { 1L, 1, side, side, side };
            double flops = ConvolutionFlops(config, side);
            yield return new BenchmarkCase($"forward {side}^3, eval", () =>
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                net.forward(randn(shape), Spacing.Isotropic(1));
            }, Repeats: side <= 64 ? 3 : 1, Setup: () => net.eval(), Notes: t => $"convolutions {Throughput.Gflops(flops, t)}");
            if (side > 64) continue;
            yield return new BenchmarkCase($"forward + backward {side}^3, train (any spacing)", () =>
            {
                using var scope = NewDisposeScope();
                net.zero_grad();
                net.forward(randn(shape), new Spacing(0.5, 0.5, 3)).pow(2).mean().backward();
            }, Repeats: 2, Setup: () => net.train(), Notes: t => $"convolutions {Throughput.Gflops(3 * flops, t)} (3x forward FLOPs)");
        }
    }

    private static double ConvolutionFlops(ModelConfig c, long side) => ComputeEstimate.UNetForwardFlops(c, new Shape3((int)side, (int)side, (int)side));
}
