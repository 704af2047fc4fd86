using NativeSeg.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

public class GuardedStepTests
{
    [Fact]
    public void ANonFiniteLossOrGradientLeavesTheWeightsAlone()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(ones(3));
        var optimizer = optim.Adam([w], 0.1);
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
        var optimizer = optim.SGD([w], 1.0);
        (w * tensor(new[] { 3f, 4f, 0f })).sum().backward();   // gradient (3, 4, 0): norm 5
        Assert.True(GuardedStep.Apply(1.0, [w], optimizer, clip: 1.0, out double norm));
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(new[] { -0.6f, -0.8f, 0f }, w.detach().data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }
}
