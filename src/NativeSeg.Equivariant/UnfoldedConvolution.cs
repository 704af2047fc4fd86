using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// conv3d as im2col and one matmul: y[b, o, v] = sum over (c, t) of W[o, c, t] x[b, c, v + t]. For a layer with one
/// input channel a blocked conv3d kernel runs mostly on padding channels; here the work is one [voxels, C·taps] x
/// [C·taps, Cout] product, and the weight's gradient another. The patch matrix holds C·taps floats per voxel, so the
/// caller keeps this path to small layers (<see cref="Bytes"/>).
/// </summary>
internal static class UnfoldedConvolution
{
    /// <summary>Bytes of the patch matrix this path builds for an input of <paramref name="voxels"/> voxels.</summary>
    public static long Bytes(long channelsIn, long taps, long voxels, long elementBytes) => channelsIn * taps * voxels * elementBytes;

    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], channels = x.shape[1], outputs = weight.shape[0];
        long[] k = [weight.shape[2], weight.shape[3], weight.shape[4]];
        var padded = nn.functional.pad(x, new[] { padding[2], padding[2], padding[1], padding[1], padding[0], padding[0] });
        // [B, C, X', Y', Z', kx, ky, kz] as a view, then one copy into [B·voxels, C·taps].
        var patches = padded.unfold(2, k[0], 1).unfold(3, k[1], 1).unfold(4, k[2], 1);
        long[] size = [patches.shape[2], patches.shape[3], patches.shape[4]];
        var columns = patches.permute(0, 2, 3, 4, 1, 5, 6, 7).reshape(batch * size[0] * size[1] * size[2], channels * k[0] * k[1] * k[2]);
        var flat = weight.reshape(outputs, -1).t();
        var y = columns.matmul(flat);
        if (bias is not null) y.PlusInPlace(bias);
        // [B, X', Y', Z', Cout] in memory: channels-last, as the next layer's convolution wants it.
        return y.view(batch, size[0], size[1], size[2], outputs).permute(0, 4, 1, 2, 3).MoveToOuterDisposeScope();
    }
}
