using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// Whether bfloat16 training steps can be trusted on this machine. On this project's AMD EPYC machines libtorch 2.10's
/// bfloat16 convolutions, every path included (plain, channels-last, channels padded to 16), now and then return NaN,
/// infinities or values near 1e10 in a net's gradients: about one step in four of a small RA-U-Net, and only once the
/// process's memory has held other values (the float32 fault's pattern, DEVELOPERS.md), while a single layer on fresh
/// memory agrees with float64. So the probe runs the net it will be used for: a small RA-U-Net's training step, 16
/// times, each after filling freed memory with large values, and every step's gradients must be finite and within
/// bfloat16's rounding (5 %) of float32's. A machine without the fault passes all 16; one with it fails one of them with
/// a probability above 99 % at that rate.
/// </summary>
internal static class Bf16Probe
{
    public const int Steps = 16;

    public static bool Passes()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        using var net = NetFactory.Create(new ModelConfig { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 2 });
        net.train();
        var x = randn(new long[] { 1, 1, 16, 16, 12 }, generator: new Generator(2));
        var spacing = new Spacing(0.5, 0.5, 1);
        var reference = Gradients(net, x, spacing, Precision.Float32);
        double norm = reference.Sum(g => g.norm().item<float>());
        for (int step = 0; step < Steps; step++)
        {
            Dirty();
            var low = Gradients(net, x, spacing, Precision.BFloat16);
            double error = low.Zip(reference, (a, b) => (a - b).norm().item<float>()).Sum() / norm;
            if (!(error < 0.05)) return false;   // NaN fails too
        }
        return true;
    }

    private static Tensor[] Gradients(SegmentationNet net, Tensor x, Spacing spacing, Precision precision)
    {
        using var use = ConvolutionPrecision.Unchecked(precision);
        net.zero_grad();
        var y = net.forward(x, spacing);
        (y * y).mean().backward();
        return [.. net.parameters().Select(p => p.grad!.detach().clone())];
    }

    /// <summary>Allocates, fills with large values and frees buffers of the sizes the step's tensors take.</summary>
    private static void Dirty()
    {
        for (int k = 0; k < 16; k++)
        {
            using var junk = full(new long[] { 1L << (16 + k % 8) }, KeptScalars.Of(1e30));
            using var half = junk.to_type(ScalarType.BFloat16);
        }
    }
}
