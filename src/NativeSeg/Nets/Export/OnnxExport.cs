using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using Onnx;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Export;

/// <summary>
/// A trained model as a standard ONNX graph for one grid: input "image" [1, C, X, Y, Z] (already on the model's grid and
/// normalized as its preprocessing says), output "logits" [1, K, X, Y, Z]. The resolution-adaptive net's kernels and
/// pooling windows depend on the grid. With a shape the graph takes that size (padded inside to the pooling multiple and
/// cropped back, as forward does); without one it takes any size that is a multiple of the poolings' product per axis
/// (the metadata's size_multiple). The model's configuration (with its preprocessing contract), the spacing and the
/// sizes go into the metadata as JSON ("nativeseg"). Kernels are realized along the voxel axes.
/// </summary>
public static class OnnxExport
{
    public const int Opset = 18;
    public const string InputName = "image", OutputName = "logits", MetadataKey = "nativeseg";

    /// <param name="shape">The input's size; null: any multiple of <see cref="SizeMultiple"/>.</param>
    public static ModelProto Build(SegmentationNet net, ModelConfig config, Spacing spacing, Shape3? shape)
    {
        net.eval();
        using var noGrad = no_grad();
        var g = new OnnxGraph();
        var input = new OnnxValue(InputName, shape is { } s ? [1, net.InputChannels, s.X, s.Y, s.Z] : [1, net.InputChannels, -1, -1, -1]);
        var output = net switch
        {
            EquivariantUNet ra => RaUNetOnnx.Emit(g, ra, input, spacing),
            UNet unet => UNetOnnx.Emit(g, unet, input),
            _ => throw new NotSupportedException($"{net.Architecture.Name()}: no ONNX export"),
        };
        g.Proto.Node.Add(new NodeProto { OpType = "Identity", Name = "output", Input = { output.Name }, Output = { OutputName } });
        g.Proto.Input.Add(OnnxGraph.Float32Value(InputName, input.Shape));
        g.Proto.Output.Add(OnnxGraph.Float32Value(OutputName, output.Shape));
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "NativeSeg",
            ProducerVersion = ProductVersion.Short,
            Graph = g.Proto,
            DocString = $"{config.Name} at {Describe(spacing, shape, SizeMultiple(net, spacing))}",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = Metadata(config, spacing, shape, SizeMultiple(net, spacing)).ToJsonString() });
        return model;
    }

    /// <summary>Per axis, the product of the net's pooling sizes at this spacing: a graph without a fixed size takes multiples of it.</summary>
    public static Shape3 SizeMultiple(SegmentationNet net, Spacing spacing) => net switch
    {
        EquivariantUNet ra => ra.SizeMultiple(spacing),
        UNet unet => unet.SizeMultiple,
        _ => throw new NotSupportedException($"{net.Architecture.Name()}: no ONNX export"),
    };

    public static JsonObject Metadata(ModelConfig config, Spacing spacing, Shape3? shape, Shape3 multiple) => new()
    {
        ["spacing_mm"] = new JsonArray(spacing.X, spacing.Y, spacing.Z),
        ["input_shape"] = shape is { } s ? new JsonArray(1, config.InputChannels, s.X, s.Y, s.Z) : new JsonArray(1, config.InputChannels, "x", "y", "z"),
        ["size_multiple"] = new JsonArray(multiple.X, multiple.Y, multiple.Z),
        ["kernels"] = "realized along the voxel axes",
        ["input"] = "the image on the model's grid (preprocessing.grid), intensities normalized (preprocessing.intensity)",
        ["output"] = config.Classes == 1 ? "logits: sigmoid gives the foreground probability" : "logits: softmax channel 1 is the foreground probability",
        ["model"] = ModelConfigJson.ToJson(config),
    };

    /// <summary>Writes the model atomically (never a half-written file).</summary>
    public static void Write(ModelProto model, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    /// <summary>"0.5x0.5x3 mm, 48x48x16 voxels" or "0.5x0.5x3 mm, any multiple of 4x4x1 voxels", for messages.</summary>
    public static string Describe(Spacing spacing, Shape3? shape, Shape3 multiple) => string.Create(CultureInfo.InvariantCulture,
        $"{spacing} mm, {(shape is { } s ? $"{s.X}x{s.Y}x{s.Z} voxels" : $"any multiple of {multiple.X}x{multiple.Y}x{multiple.Z} voxels")}");
}
