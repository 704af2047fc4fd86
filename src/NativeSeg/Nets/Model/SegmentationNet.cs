using NativeSeg.Imaging.Geometry;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Model;

/// <summary>
/// A segmentation network as a function of (image, spacing): x is [B, C, X, Y, Z] with X, Y, Z the
/// volume's array axes i, j, k; the result is logits [B, K, X, Y, Z] of the same spatial size.
/// The baseline U-Net ignores the spacing; the resolution-adaptive U-Net realizes its kernels for it.
/// Any spatial size is accepted: nets pad internally to what their pooling needs and crop back.
/// </summary>
public abstract class SegmentationNet : nn.Module<Tensor, Spacing, Tensor>
{
    protected SegmentationNet(string name) : base(name) { }

    /// <summary>Which network this is (its name in model.json and messages).</summary>
    public abstract Architecture Architecture { get; }

    /// <summary>The net's kernels in millimetres, or null when they are fixed in voxels (the plain U-Net).</summary>
    public virtual IResolutionAdaptive? ResolutionAdaptive => null;

    public abstract int InputChannels { get; }

    public abstract int Classes { get; }

    /// <summary>
    /// Sets the output bias to a prior: logit(P) for one class (sigmoid), [0, logit(P)] for two (softmax), so the
    /// untrained net predicts foreground with probability P instead of 0.5 (RetinaNet's prior for rare classes).
    /// </summary>
    public virtual void InitializeOutputBias(double foregroundProbability) =>
        throw new NotSupportedException($"{Architecture.Name()}: no output bias to initialize");

    /// <summary>The bias values <see cref="InitializeOutputBias"/> writes for a head with this many classes.</summary>
    protected static float[] PriorBias(int classes, double p)
    {
        if (!(p > 0 && p < 1)) throw new UserInputException($"head bias prior {p}: expected a probability strictly between 0 and 1");
        float logit = (float)Math.Log(p / (1 - p));
        return classes == 1 ? [logit] : Enumerable.Range(0, classes).Select(k => k == 1 ? logit : 0f).ToArray();
    }

    protected static void Assign(Tensor parameter, float[] values)
    {
        using var _ = no_grad();
        using var source = tensor(values, dtype: parameter.dtype, device: parameter.device);
        parameter.copy_(source);
    }
}
