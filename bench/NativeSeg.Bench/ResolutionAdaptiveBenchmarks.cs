using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Resolution-adaptive layers and the RA-U-Net at the paper's size (383,960 parameters, float32, batch 1):
/// kernel realization (coupling @ lattice basis), whole-network
/// forward and forward + backward, and the convolutions' effective GFLOP/s next to a 4096^2 float32 matmul.
/// </summary>
public sealed class ResolutionAdaptiveBenchmarks : IBenchmarkSuite
{
    public string Key => "ranet";

    public string Title => "Resolution-adaptive U-Net (kernel realization, forward, forward + backward)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        foreach (var c in RealizationCases("level 0", LevelIrreps.Features(2), LevelIrreps.Gate(2).IrrepsIn, 5, Spacing.Isotropic(1))) yield return c;
        foreach (var c in RealizationCases("bottleneck", LevelIrreps.Features(16), LevelIrreps.Gate(16).IrrepsIn, 40, Spacing.Isotropic(8))) yield return c;

        var net = new EquivariantUNet(new ModelConfig { Classes = 2, InputChannels = 1 }, new Generator(0));
        double matmulSeconds = 0;
        yield return new BenchmarkCase("reference: 4096x4096 float32 matmul", () =>
        {
            using var scope = NewDisposeScope();
            var a = randn(4096, 4096);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            a.matmul(a).sum().item<float>();
            matmulSeconds = sw.Elapsed.TotalSeconds;
        }, Repeats: 3, Notes: _ => Gflops(2.0 * 4096 * 4096 * 4096, matmulSeconds));

        foreach (var (spacing, side) in new[] { (Spacing.Isotropic(1), 32L), (Spacing.Isotropic(1), 64L), (new Spacing(0.5, 0.5, 3), 64L) })
        {
            var shape = new[] { 1L, 1, side, side, side };
            double flops = ConvolutionFlops(net, spacing, side);
            string where = $"{side}^3 at {spacing}";
            yield return new BenchmarkCase($"forward {where}, eval (cached kernels)", () =>
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                net.forward(randn(shape), spacing);
            }, Repeats: side <= 32 ? 5 : 2, Setup: () => net.eval(), Notes: t => $"convolutions {Gflops(flops, t)}");
            yield return new BenchmarkCase($"forward + backward {where}, train", () =>
            {
                using var scope = NewDisposeScope();
                net.zero_grad();
                net.forward(randn(shape), spacing).pow(2).mean().backward();
            }, Repeats: side <= 32 ? 3 : 1, Setup: () => net.train(), Notes: t => $"convolutions {Gflops(3 * flops, t)} (3x forward FLOPs)");
        }

        yield return new BenchmarkCase("all 14 kernels at 1 mm, realize + backward (share of a 64^3 step)", () =>
        {
            using var scope = NewDisposeScope();
            net.train();
            net.zero_grad();
            var plan = net.Plan(Spacing.Isotropic(1));
            Tensor total = zeros(1);
            foreach (var (conv, level) in net.ConvolutionLevels)
                total = total + conv.Realize(plan[level].GridMm).pow(2).mean();
            total.backward();
        }, Repeats: 3, Notes: _ => "compare with the 64^3 forward + backward above");

        yield return new BenchmarkCase("forward 120^3 at 1 mm, eval (cached kernels)", () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            net.forward(randn(new long[] { 1, 1, 120, 120, 120 }), Spacing.Isotropic(1));
        }, Repeats: 1, WarmUp: 0, Setup: () => net.eval(), Notes: t => $"convolutions {Gflops(ConvolutionFlops(net, Spacing.Isotropic(1), 120), t)}");
    }

    private static double ConvolutionFlops(EquivariantUNet net, Spacing spacing, long side) => ComputeEstimate.ForwardFlops(net, new Shape3((int)side, (int)side, (int)side), spacing);

    private static IEnumerable<BenchmarkCase> RealizationCases(string name, Irreps irrepsIn, Irreps irrepsOut, double diameter, Spacing spacing)
    {
        var conv = new ResolutionAdaptiveConvolution(irrepsIn, irrepsOut, diameter, generator: new Generator(1));
        var basis = conv.BasisFor(spacing);
        var probe = randn(new long[] { irrepsOut.Dim, irrepsIn.Dim, basis.Points }, generator: new Generator(2)).DetachFromDisposeScope();
        string note = $"{irrepsIn.Dim}->{irrepsOut.Dim}, {conv.WeightNumel} weights, lattice {basis.Shape}";
        yield return new BenchmarkCase($"{name}: realize kernel, forward + backward", () =>
        {
            using var scope = NewDisposeScope();
            (conv.Realize(spacing).reshape(probe.shape) * probe).sum().backward();
            conv.zero_grad();
        }, Repeats: 10, WarmUp: 2, Unit: "ms", Notes: _ => note + "; coupling(W) @ basis");
    }

    private static string Gflops(double flops, double seconds) => Throughput.Gflops(flops, seconds);
}
