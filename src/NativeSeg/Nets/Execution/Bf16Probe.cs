using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// Whether bfloat16 training steps, or forward passes alone, can be trusted on this machine. On this project's AMD EPYC machines libtorch 2.10's
/// bfloat16 convolutions, every path included (plain, channels-last, channels padded to 16), now and then return NaN,
/// infinities or values near 1e10 in a net's gradients: about one step in four of a small RA-U-Net, and only once the
/// process's memory has held other values (the float32 fault's pattern, DEVELOPERS.md), while a single layer on fresh
/// memory agrees with float64. So the probe runs the net it will be used for: a small RA-U-Net's training step, 64
/// times (<see cref="Steps"/>), each after filling freed memory with large values, and every step's gradients must be
/// finite and within bfloat16's rounding (5 %) of float32's. A machine without the fault passes all of them; a failure
/// is kept for the machine (<see cref="Bf16Verdict"/>). Forward passes alone (prediction) are probed apart: on these machines they
/// agreed in 48 of 48 passes under the same dirty memory, so the fault sits in the convolutions' backward pass.
/// </summary>
internal static class Bf16Probe
{
    /// <summary>Probed training steps: at the fault's rate of one step in four, 64 pass by chance with a probability of 1e-8
    /// (16 did with 1 %, and one run passed them and then faulted); forward passes, never seen to fault, stay at 16.</summary>
    public static int Steps(bool training) => training ? 64 : 16;

    /// <param name="training">Probe forward and backward (gradients compared); otherwise forward passes without gradients (outputs compared).</param>
    public static bool Passes(bool training)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        using var net = NetFactory.Create(new ModelConfig { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 2 });
        net.train();
        using var generator = new Generator(2);
        var x = randn(new long[] { 1, 1, 16, 16, 12 }, generator: generator);
        var spacing = new Spacing(0.5, 0.5, 1);
        var reference = Run(net, x, spacing, Precision.Float32, training);
        double norm = reference.Sum(g => g.norm().item<float>());
        for (int step = 0; step < Steps(training); step++)
        {
            Dirty();
            var low = Run(net, x, spacing, Precision.BFloat16, training);
            double error = low.Zip(reference, (a, b) => (a - b).norm().item<float>()).Sum() / norm;
            if (!(error < 0.05)) return false;   // NaN fails too
        }
        return true;
    }

    /// <summary>The parameters' gradients of a step, or the output of a forward pass without gradients.</summary>
    private static Tensor[] Run(SegmentationNet net, Tensor x, Spacing spacing, Precision precision, bool training)
    {
        using var use = ConvolutionPrecision.Unchecked(precision);
        if (!training)
            using (no_grad())
                return [net.forward(x, spacing).detach().clone()];
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
