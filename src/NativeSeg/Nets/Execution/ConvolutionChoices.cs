using NativeSeg.Equivariant;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>One convolution's algorithm under <see cref="ConvolutionAlgorithm.Auto"/> and its conv3d path: its level and what it ran.</summary>
public sealed record ConvolutionChoice(int Level, ConvolutionAlgorithm Algorithm, Conv3dPath Path);

/// <summary>
/// What <see cref="ConvolutionAlgorithm.Auto"/> runs for every convolution of a net on inputs of one shape and spacing
/// (`kernels --algorithms`): the choice depends on the layer's channels and the input's size as well as the lattice, so
/// it is read off one pass of the net itself on zeros — measured the first time on this machine, from the calibration
/// cache after that, exactly as training and prediction will meet it.
/// </summary>
public static class ConvolutionChoices
{
    /// <param name="training">A training step (forward and backward) instead of inference: the two are calibrated apart.</param>
    public static IReadOnlyList<ConvolutionChoice> Of(EquivariantUNet net, Shape3 shape, Spacing spacing, bool training)
    {
        using var scope = NewDisposeScope();
        net.ConvolutionAlgorithm = ConvolutionAlgorithm.Auto;
        net.train(training);
        var x = zeros(new long[] { 1, net.InputChannels, shape.X, shape.Y, shape.Z });
        if (training) net.forward(x, spacing).sum().backward();
        else
            using (no_grad())
                net.forward(x, spacing);
        return net.ConvolutionLevels
            .Select((c, i) => new ConvolutionChoice(c.Level, c.Convolution.LastAlgorithm ?? throw new InvalidOperationException($"convolution {i} did not run"),
                                                    c.Convolution.LastPath ?? throw new InvalidOperationException($"convolution {i} did not run")))
            .ToList();
    }
}
