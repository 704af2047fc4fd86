using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using static NativeSeg.Nets.Export.OnnxGraph;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Export;

/// <summary>
/// The resolution-adaptive U-Net frozen for one grid: each convolution's kernel realized at its level's spacing (the
/// whole lattice, "same" padding) with the self-connection added to the centre tap — conv(x, K) + Linear_sc(x) =
/// conv(x, K + W_sc at the centre) — so every convolution is one Conv; then norms, gates, poolings of the level's
/// window, trilinear upsampling with aligned corners, the head as a 1x1x1 Conv with the bias. The input is padded at
/// the start of each axis to the pooling multiple and the logits cropped back, as forward does.
/// </summary>
public static class RaUNetOnnx
{
    public static OnnxValue Emit(OnnxGraph g, EquivariantUNet net, OnnxValue input, Spacing spacing)
    {
        var plan = net.Plan(spacing);
        var (encoder, pools, decoder, head, bias) = net.Layers;
        var (h, padStart) = CommonOnnx.PadTo(g, input, net.SizeMultiple(spacing));
        var skips = new List<OnnxValue>();
        for (int i = 0; i < encoder.Count; i++)
        {
            h = Block(g, h, encoder[i], plan[i].GridMm);
            if (i == encoder.Count - 1) break;
            skips.Add(h);
            var window = plan[i].PoolVoxels!.Value;
            h = EquivariantOnnx.Pool(g, h, pools[i].Irreps, [window.X, window.Y, window.Z]);
        }
        for (int j = 0; j < decoder.Count; j++)
        {
            int level = encoder.Count - 2 - j;
            var skip = skips[level];
            var up = !h.Dynamic && h.Spatial.SequenceEqual(skip.Spatial) ? h : Upsample(g, h, skip);
            h = new OnnxValue(g.Node("Concat", [up.Name, skip.Name], Int("axis", 1)), [1, up.Channels + skip.Channels, .. skip.Spatial]);
            h = Block(g, h, decoder[j], plan[level].GridMm);
        }
        using var matrix = head.Matrix().t().contiguous();
        var headWeight = matrix.reshape(matrix.shape[0], matrix.shape[1], 1, 1, 1);
        var logits = new OnnxValue(g.Node("Conv", [h.Name, g.Constant("head_weight", headWeight), g.Constant("head_bias", bias)]), [1, net.Classes, .. h.Spatial]);
        return CommonOnnx.Crop(g, logits, padStart, input.Spatial);
    }

    private static OnnxValue Block(OnnxGraph g, OnnxValue x, EquivariantBlock block, Spacing spacing)
    {
        foreach (var (conv, norm, gate) in block.Steps)
        {
            x = Convolution(g, x, conv, spacing);
            x = EquivariantOnnx.Norm(g, x, norm);
            x = EquivariantOnnx.Gate(g, x, gate);
        }
        return x;
    }

    private static OnnxValue Convolution(OnnxGraph g, OnnxValue x, ResolutionAdaptiveConvolution conv, Spacing spacing)
    {
        using var scope = NewDisposeScope();
        var kernel = conv.WithSelfConnection(conv.ConvolutionKernel(spacing, ConvolutionAlgorithm.Lattice));
        long[] centre = kernel.shape[2..].Select(k => (k - 1) / 2).ToArray();
        string weight = g.Constant("conv_weight", kernel);
        string y = g.Node("Conv", [x.Name, weight], Ints("pads", [.. centre, .. centre]), Ints("kernel_shape", kernel.shape[2..]));
        return new OnnxValue(y, [1, conv.IrrepsOut.Dim, .. x.Spatial]);
    }

    /// <summary>Trilinear with aligned corners onto the skip's size (an axis the pooling kept is copied exactly: src(j) = j).</summary>
    private static OnnxValue Upsample(OnnxGraph g, OnnxValue x, OnnxValue skip)
    {
        string sizes = skip.Dynamic ? g.ShapeWith([1, x.Channels], skip.Name) : g.Int64s("sizes", [1, x.Channels, .. skip.Spatial]);
        return new(g.Node("Resize", [x.Name, "", "", sizes], Text("mode", "linear"), Text("coordinate_transformation_mode", "align_corners")), [1, x.Channels, .. skip.Spatial]);
    }
}
