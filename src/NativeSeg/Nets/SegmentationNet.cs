using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Nets;

/// <summary>
/// A segmentation network as a function of (image, spacing): x is [B, C, X, Y, Z] with X, Y, Z the
/// volume's array axes i, j, k; the result is logits [B, K, X, Y, Z] of the same spatial size.
/// The baseline U-Net ignores the spacing; the resolution-adaptive U-Net realizes its kernels for it.
/// Any spatial size is accepted: nets pad internally to what their pooling needs and crop back.
/// </summary>
public abstract class SegmentationNet : nn.Module<Tensor, Spacing, Tensor>
{
    protected SegmentationNet(string name) : base(name) { }

    /// <summary>Model kind as used on the command line and in model.json: ra-unet, unet or unet-1mm.</summary>
    public abstract string Kind { get; }

    public abstract int InputChannels { get; }

    public abstract int Classes { get; }
}
