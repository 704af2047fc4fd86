using NativeSeg.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

public class GuardedStepTests
{
    [Fact]
    public void ANonFiniteLossOrGradientLeavesTheWeightsAlone()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(ones(3));
        var optimizer = new NativeSeg.Training.Optimization.Adam([w], 0.1);
        foreach (var (grad, loss, applied) in new[] { (float.NaN, 1.0, false), (1f, double.NaN, false), (float.PositiveInfinity, 1.0, false), (1f, 1.0, true) })
        {
            optimizer.zero_grad();
            (w * tensor(new[] { grad, 1f, 1f })).sum().backward();
            var before = w.detach().clone();
            Assert.Equal(applied, GuardedStep.Apply(loss, [w], optimizer, clip: null, out _));
            Assert.Equal(!applied, before.eq(w.detach()).all().item<bool>());
            Assert.True(isfinite(w).all().item<bool>());
        }
    }

    [Fact]
    public void ItReportsTheNormBeforeClippingAndClipsToTheLimit()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(zeros(3));
        var optimizer = new NativeSeg.Training.Optimization.Adam([w], 1.0);
        (w * tensor(new[] { 3f, 4f, 0f })).sum().backward();   // gradient (3, 4, 0): norm 5
        Assert.True(GuardedStep.Apply(1.0, [w], optimizer, clip: 1.0, out double norm));
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(new[] { 0.6f, 0.8f, 0f }, w.grad!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    /// <summary>NativeSeg's Adam is TorchSharp's with its Scalars kept: the same weights after every step, to the bit, and either reads the other's state dict.</summary>
    [Fact]
    public void NativeSegsAdamStepsAsTorchSharpsAndReadsItsState()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(randn(5, generator: new Generator(1)));
        var b = new Parameter(randn(3, generator: new Generator(2)));
        var (a2, b2) = (new Parameter(a.detach().clone()), new Parameter(b.detach().clone()));
        var kept = new NativeSeg.Training.Optimization.Adam([new Adam.ParamGroup([a], 0.01, 0.9, 0.999, 1e-8, 0, false, false), new Adam.ParamGroup([b], 0.03, 0.9, 0.999, 1e-8, 0, false, false)],
            0.01);
        var torchAdam = optim.Adam([new Adam.ParamGroup([a2], 0.01, 0.9, 0.999, 1e-8, 0, false, false), new Adam.ParamGroup([b2], 0.03, 0.9, 0.999, 1e-8, 0, false, false)], 0.01);
        for (int step = 0; step < 20; step++)
        {
            var g = randn(8, generator: new Generator((ulong)step));
            kept.zero_grad();
            torchAdam.zero_grad();
            (cat([a, b]) * g).pow(2).sum().backward();
            (cat([a2, b2]) * g).pow(2).sum().backward();
            kept.step();
            torchAdam.step();
            Assert.True(a.eq(a2).all().item<bool>() && b.eq(b2).all().item<bool>(), $"step {step}");
        }
        var stream = new MemoryStream();
        torchAdam.save_state_dict(new BinaryWriter(stream));
        stream.Position = 0;
        kept.load_state_dict(new BinaryReader(stream));   // a checkpoint of version 0.1 resumes
    }
}
