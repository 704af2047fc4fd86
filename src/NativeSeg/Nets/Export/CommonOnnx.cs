using NativeSeg.Imaging.Geometry;
using static NativeSeg.Nets.Export.OnnxGraph;

namespace NativeSeg.Nets.Export;

/// <summary>
/// What both U-Nets do around their layers: zero padding at the start of each axis to the pooling multiple, and the crop
/// back. A graph that takes any size takes only multiples (its metadata says which), so it pads nothing.
/// </summary>
public static class CommonOnnx
{
    public static (OnnxValue Padded, long[] Start) PadTo(OnnxGraph g, OnnxValue x, Shape3 multiple)
    {
        long[] start = x.Spatial.Select((n, a) => n < 0 ? 0 : (multiple[a] - n % multiple[a]) % multiple[a]).ToArray();
        if (start.All(p => p == 0)) return (x, start);
        string padded = g.Node("Pad", [x.Name, g.Int64s("pads", [0, 0, .. start, 0, 0, 0, 0, 0])], Text("mode", "constant"));
        return (new OnnxValue(padded, [.. x.Shape[..2], .. x.Spatial.Zip(start, (n, p) => n + p)]), start);
    }

    /// <summary>
    /// The mean over <paramref name="axes"/>, one axis at a time (the mean of equal-sized means is the mean): ONNX
    /// Runtime sums a reduction in one float32 pass, which over a whole volume's millions of voxels drifted by 0.02 in
    /// the probabilities of a 176x208x176 brain; sums of one axis's few hundred do not, and need no float64 copy.
    /// </summary>
    public static string SpatialMean(OnnxGraph g, string x, params long[] axes)
    {
        foreach (long axis in axes.OrderDescending())
            x = g.Node("ReduceMean", [x, g.Int64s("axes", axis)], Int("keepdims", 1));
        return x;
    }

    /// <summary>Instance norm as torch computes it: (x - mean) / sqrt(biased variance + eps) * scale + bias, per channel.</summary>
    public static string InstanceNorm(OnnxGraph g, string x, TorchSharp.torch.Tensor scale, TorchSharp.torch.Tensor bias, double eps)
    {
        string centred = g.Node("Sub", [x, SpatialMean(g, x, 2, 3, 4)]);
        string variance = SpatialMean(g, g.Node("Mul", [centred, centred]), 2, 3, 4);
        string factor = g.Node("Mul", [InverseStd(g, variance, eps), g.Constant("norm_scale", scale.reshape(1, -1, 1, 1, 1))]);
        return g.Node("Add", [g.Node("Mul", [centred, factor]), g.Constant("norm_bias", bias.reshape(1, -1, 1, 1, 1))]);
    }

    /// <summary>1 / sqrt(variance + eps), the factor every norm scales by.</summary>
    public static string InverseStd(OnnxGraph g, string variance, double eps) =>
        g.Node("Reciprocal", [g.Node("Sqrt", [g.Node("Add", [variance, g.Floats("eps", [(float)eps])])])]);

    public static OnnxValue Crop(OnnxGraph g, OnnxValue y, long[] start, long[] size)
    {
        if (start.All(p => p == 0)) return y;
        string cropped = g.Node("Slice", [y.Name, g.Int64s("starts", start), g.Int64s("ends", start.Zip(size, (s, n) => s + n).ToArray()), g.Int64s("axes", 2, 3, 4)]);
        return new OnnxValue(cropped, [.. y.Shape[..2], .. size]);
    }
}
