using NativeSeg.Imaging.Geometry;
using static NativeSeg.Nets.Export.OnnxGraph;

namespace NativeSeg.Nets.Export;

/// <summary>What both U-Nets do around their layers: zero padding at the start of each axis to the pooling multiple, and the crop back.</summary>
public static class CommonOnnx
{
    public static (OnnxValue Padded, long[] Start) PadTo(OnnxGraph g, OnnxValue x, Shape3 multiple)
    {
        long[] start = x.Spatial.Select((n, a) => (multiple[a] - n % multiple[a]) % multiple[a]).ToArray();
        if (start.All(p => p == 0)) return (x, start);
        string padded = g.Node("Pad", [x.Name, g.Int64s("pads", [0, 0, .. start, 0, 0, 0, 0, 0])], Text("mode", "constant"));
        return (new OnnxValue(padded, [.. x.Shape[..2], .. x.Spatial.Zip(start, (n, p) => n + p)]), start);
    }

    public static OnnxValue Crop(OnnxGraph g, OnnxValue y, long[] start, long[] size)
    {
        if (start.All(p => p == 0)) return y;
        string cropped = g.Node("Slice", [y.Name, g.Int64s("starts", start), g.Int64s("ends", start.Zip(size, (s, n) => s + n).ToArray()), g.Int64s("axes", 2, 3, 4)]);
        return new OnnxValue(cropped, [.. y.Shape[..2], .. size]);
    }
}
