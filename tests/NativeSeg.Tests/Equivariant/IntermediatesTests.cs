using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

/// <summary>
/// Freeing feature maps early never frees one still read: the replaced tensor goes, a kept one and a passed-through one
/// stay, and a net's forward leaves its caller's input usable and its gradients intact.
/// </summary>
public class IntermediatesTests
{
    [Fact]
    public void ReplaceDisposesThePreviousTensorOnlyWhenItIsNeitherKeptNorTheResult()
    {
        using var input = ones(3);
        var previous = input * 2;
        var next = Intermediates.Replace(previous, previous + 1, kept: input);
        Assert.True(previous.IsInvalid);
        Assert.Equal(3.0, next[0].item<float>());

        var same = Intermediates.Replace(next, next);
        Assert.False(next.IsInvalid);
        Assert.Same(next, same);

        Intermediates.Replace(input, input + 1, kept: input).Dispose();
        Assert.False(input.IsInvalid);
        next.Dispose();
    }

    [Fact]
    public void JoinConcatenatesAlongChannelsAndFreesBothParts()
    {
        var up = zeros(new long[] { 1, 2, 3, 3, 3 });
        var skip = ones(new long[] { 1, 1, 3, 3, 3 });
        using var joined = Intermediates.Join(up, skip);
        Assert.Equal(new long[] { 1, 3, 3, 3, 3 }, joined.shape);
        Assert.Equal(27.0, joined.sum().item<float>());
        Assert.True(up.IsInvalid && skip.IsInvalid);
    }

    [Fact]
    public void AConvBlockLeavesItsInputUsable()
    {
        // Its chain starts from the caller's tensor: the first Replace must keep it.
        using var block = new ConvBlock(2, 3, 3, 0);
        using var x = randn(new long[] { 1, 2, 6, 6, 6 }, generator: new Generator(4));
        using (no_grad()) block.forward(x).Dispose();
        Assert.False(x.IsInvalid);
        Assert.Equal(2 * 216, x.numel());
    }

    [Theory]
    [InlineData(ModelKind.UNet)]
    [InlineData(ModelKind.RaUNet)]
    public void ANetsForwardLeavesItsInputUsableAndComputesTheSameWithAndWithoutGradients(ModelKind kind)
    {
        var config = new ModelConfig { Kind = kind, Features = 2, IrrepsMultiplicity = 1, Levels = 2, InputChannels = 1, Classes = 1 };
        using var net = NetFactory.Create(config);
        net.eval();
        var spacing = Spacing.Isotropic(2);
        using var x = randn(new long[] { 1, 1, 8, 8, 8 }, generator: new Generator(3)).requires_grad_(true);
        Tensor inference;
        using (no_grad()) inference = net.call(x, spacing);
        Assert.False(x.IsInvalid);

        using var trained = net.call(x, spacing);
        trained.square().sum().backward();
        // Inference and training may take different conv3d paths (each mode's fastest), the same sums in another order.
        double difference = (inference - trained.detach()).abs().max().item<float>() / trained.abs().max().item<float>();
        Assert.True(difference < 1e-5, $"max |inference - training| / max |training| = {difference:E2}");
        Assert.True(x.grad!.abs().sum().item<float>() > 0);
        Assert.True(x.grad!.isfinite().all().item<bool>());
        inference.Dispose();
    }
}
