using System.CommandLine;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Export;
using NativeSeg.Nets.Model;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg export-onnx`: a model frozen for one grid and window shape as a standard ONNX graph.</summary>
public sealed class ExportOnnxCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "the model folder", Required = true };
        var spacing = new Option<string?>("--spacing") { Description = "the grid (mm, a,b,c) the input is on, as it reaches the net: the scan's own for ra-unet and unet, 1 mm for unet-1mm " +
            "(default: the model's grid when it has one)" };
        var window = new Option<int?>("--window") { Description = "a fixed input size in voxels per axis (a cube; default: any multiple of the poolings' product)" };
        var windowMm = new Option<double?>("--window-mm") { Description = "a fixed input size as a physical box (mm per axis, voxels from the spacing)" };
        var output = new Option<string>("--out") { Description = "the .onnx file", Required = true };
        var overwrite = OverwriteOption.Create();
        var command = new Command("export-onnx", "Export a model for one grid as an ONNX graph (input image [1, C, X, Y, Z], output logits), " +
            "its preprocessing in the metadata, for ONNX Runtime or any ONNX consumer.");
        foreach (var o in new Option[] { model, spacing, window, windowMm, output, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            string path = parse.GetValue(output)!;
            OutputGuard.RequireReplaceable(path, parse.GetValue(overwrite));
            var loaded = ModelDirectory.Load(parse.GetValue(model)!);
            var grid = parse.GetValue(spacing) is { } text ? Spacing.Parse(text)
                : loaded.Config.Preprocessing.Grid.Target ?? throw new UserInputException($"--spacing: {loaded.Config.Name} runs on the scan's own grid; say which (e.g. --spacing 0.5,0.5,3)");
            Shape3? shape = (parse.GetValue(window), parse.GetValue(windowMm)) switch
            {
                ({ } n, null) => PatchSize.Cube(n).For(grid),
                (null, { } mm) => PatchSize.Physical(mm).For(grid),
                (null, null) => null,
                _ => throw new UserInputException("give --window or --window-mm, not both"),
            };
            var onnx = OnnxExport.Build(loaded.Net, loaded.Config, grid, shape);
            OnnxExport.Write(onnx, path);
            Console.Out.WriteLine($"{path}: {loaded.Config.Name} at {OnnxExport.Describe(grid, shape, OnnxExport.SizeMultiple(loaded.Net, grid))}, " +
                                  $"{onnx.Graph.Node.Count} nodes, opset {OnnxExport.Opset}, " +
                                  $"{new FileInfo(path).Length / 1e6:0.0} MB");
            return 0;
        }));
        return command;
    }
}
