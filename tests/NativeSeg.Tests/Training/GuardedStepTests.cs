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
            Assert.Equal(applied, GuardedStep.Apply(loss, [w], optimizer, clip: null));
            Assert.Equal(!applied, before.eq(w.detach()).all().item<bool>());
            Assert.True(isfinite(w).all().item<bool>());
        }
    }
}
