using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// The standard deviation of an image's white noise, estimated from differences of neighbours along the first axis
/// inside the brain (both voxels non-zero): d = x₁ − x₀ has variance 2σ² plus the signal's gradient, which the median
/// absolute deviation (x 1.4826, a Gaussian's σ) ignores except at the few voxels on an edge.
/// </summary>
public static class NoiseLevel
{
    private const long MaxSamples = 50_000;

    /// <summary>σ, or 0 when fewer than 64 neighbour pairs lie inside the brain.</summary>
    public static double Estimate(Tensor image)
    {
        using var scope = NewDisposeScope();
        var a = image.narrow(0, 0, image.shape[0] - 1);
        var b = image.narrow(0, 1, image.shape[0] - 1);
        var inside = a.ne(KeptScalars.Of(0)).logical_and(b.ne(KeptScalars.Of(0)));
        var d = (b - a).masked_select(inside);
        if (d.numel() < 64) return 0;
        // A robust σ needs a few ten thousand differences, not the whole patch: the medians below sort what they get.
        if (d.numel() > MaxSamples) d = d.narrow(0, 0, d.numel() / (d.numel() / MaxSamples) * (d.numel() / MaxSamples)).view(-1, d.numel() / MaxSamples)[.., 0];
        var deviation = (d - d.median()).abs().median();
        return deviation.item<float>() * 1.4826 / Math.Sqrt(2);
    }
}
