using NativeSeg.Imaging.Geometry;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// Zero padding at the start of each spatial axis up to a multiple of what the poolings need, and the
/// matching crop of the output, so a U-Net accepts any input size (odd ones included).
/// </summary>
public static class SpatialPadding
{
    /// <summary>Per axis, how many zeros go before the data so that the size becomes a multiple of <paramref name="multiple"/>.</summary>
    public static long[] StartPadding(Tensor x, Shape3 multiple)
    {
        var pad = new long[3];
        for (int a = 0; a < 3; a++) pad[a] = (multiple[a] - x.shape[2 + a] % multiple[a]) % multiple[a];
        return pad;
    }

    public static Tensor Pad(Tensor x, long[] start) =>
        start.Any(p => p > 0) ? nn.functional.pad(x, new[] { start[2], 0, start[1], 0, start[0], 0 }) : x.alias();

    /// <summary>Removes the padding added by <see cref="Pad"/>, back to the original spatial <paramref name="size"/>.</summary>
    public static Tensor Crop(Tensor y, long[] start, long[] size)
    {
        for (int a = 0; a < 3; a++)
            if (start[a] > 0) y = y.narrow(2 + a, start[a], size[a]);
        return y;
    }
}
