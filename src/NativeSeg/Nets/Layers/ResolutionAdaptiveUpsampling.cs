using static TorchSharp.torch;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// Undoes a <see cref="ResolutionAdaptivePooling"/> step: trilinear interpolation with align_corners = true onto
/// the skip tensor's spatial shape (src(j) = j (n - 1) / (N - 1) per axis, i.e. the pooling factor when N = k n),
/// applied to every channel alike, which is equivariant for any irreps. Works for any target size (odd sizes
/// included). No parameters.
/// </summary>
public sealed class ResolutionAdaptiveUpsampling : nn.Module<Tensor, Tensor, Tensor>
{
    public ResolutionAdaptiveUpsampling() : base(nameof(ResolutionAdaptiveUpsampling)) { }

    /// <summary>x [B, C, x, y, z], skip [B, C', X, Y, Z] -> [B, C, X, Y, Z].</summary>
    public override Tensor forward(Tensor x, Tensor skip)
    {
        if (x.dim() != 5 || skip.dim() != 5)
            throw new ArgumentException($"upsampling: expected 5-D tensors, got [{string.Join(", ", x.shape)}] and [{string.Join(", ", skip.shape)}]");
        var target = skip.shape[2..];
        if (x.shape[2..].SequenceEqual(target)) return x.alias();
        return nn.functional.interpolate(x, size: target, mode: InterpolationMode.Trilinear, align_corners: true);
    }
}
