using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>One timed training step on a random patch: forward, soft Dice against a thresholded target, backward, Adam step.
/// Costs do not depend on the values.</summary>
public static class TrainingStep
{
    public static void Run(SegmentationNet net, OptimizerHelper optimizer, long[] shape, Spacing spacing)
    {
        using var scope = NewDisposeScope();
        net.train();
        optimizer.zero_grad();
        var x = randn(shape);
        var y = (x > 1).to_type(ScalarType.Float32);
        SoftDiceLoss.Compute(net.forward(x, spacing), y).backward();
        optimizer.step();
    }
}
