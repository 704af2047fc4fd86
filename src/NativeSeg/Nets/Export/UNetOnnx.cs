using NativeSeg.Nets.Model;
using static NativeSeg.Nets.Export.OnnxGraph;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Export;

/// <summary>
/// The plain U-Net as ONNX, read off its state dict (the names saved models use): per block two Conv (same padding) ->
/// instance norm (affine, eps 1e-5, statistics in float64) -> LeakyRelu 0.01, MaxPool 2 between levels, ConvTranspose 2 stride 2 up,
/// Concat [up, skip], a 1x1x1 Conv head; padded to the pooling multiple and cropped back as forward does.
/// </summary>
public static class UNetOnnx
{
    public static OnnxValue Emit(OnnxGraph g, UNet net, OnnxValue input)
    {
        var state = net.state_dict();
        Tensor P(string name) => state.TryGetValue(name, out var t) ? t : throw new InvalidOperationException($"unet: no parameter {name}");
        int levels = net.Config.Levels;
        var (h, padStart) = CommonOnnx.PadTo(g, input, net.SizeMultiple);
        var skips = new List<OnnxValue>();
        for (int i = 0; i < levels; i++)
        {
            h = Block(g, h, $"encoder.{i}", P);
            if (i == levels - 1) break;
            skips.Add(h);
            h = new OnnxValue(g.Node("MaxPool", [h.Name], Ints("kernel_shape", 2, 2, 2), Ints("strides", 2, 2, 2)), [.. h.Shape[..2], .. h.Spatial.Select(n => n < 0 ? -1 : n / 2)]);
        }
        for (int j = 0; j < levels - 1; j++)
        {
            var skip = skips[levels - 2 - j];
            var w = P($"upsamplers.{j}.weight");
            string up = g.Node("ConvTranspose", [h.Name, g.Constant("up_weight", w), g.Constant("up_bias", P($"upsamplers.{j}.bias"))],
                Ints("kernel_shape", 2, 2, 2), Ints("strides", 2, 2, 2));
            h = new OnnxValue(g.Node("Concat", [up, skip.Name], Int("axis", 1)), [1, w.shape[1] + skip.Channels, .. skip.Spatial]);
            h = Block(g, h, $"decoder.{j}", P);
        }
        var head = P("head.weight");
        var logits = new OnnxValue(g.Node("Conv", [h.Name, g.Constant("head_weight", head), g.Constant("head_bias", P("head.bias"))]), [1, head.shape[0], .. h.Spatial]);
        return CommonOnnx.Crop(g, logits, padStart, input.Spatial);
    }

    /// <summary>A ConvBlock: its Sequential holds conv, norm, leaky ReLU, dropout twice (layers 0-3 and 4-7).</summary>
    private static OnnxValue Block(OnnxGraph g, OnnxValue x, string prefix, Func<string, Tensor> p)
    {
        foreach (int first in new[] { 0, 4 })
        {
            var w = p($"{prefix}.layers.{first}.weight");
            long[] pad = w.shape[2..].Select(k => k / 2).ToArray();
            string conv = g.Node("Conv", [x.Name, g.Constant("conv_weight", w), g.Constant("conv_bias", p($"{prefix}.layers.{first}.bias"))],
                Ints("pads", [.. pad, .. pad]), Ints("kernel_shape", w.shape[2..]));
            string norm = CommonOnnx.InstanceNorm(g, conv, p($"{prefix}.layers.{first + 1}.weight"), p($"{prefix}.layers.{first + 1}.bias"), 1e-5);
            x = new OnnxValue(g.Node("LeakyRelu", [norm], Float("alpha", 0.01f)), [1, w.shape[0], .. x.Spatial]);
        }
        return x;
    }
}
