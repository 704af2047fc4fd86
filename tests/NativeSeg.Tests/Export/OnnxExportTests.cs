using Microsoft.ML.OnnxRuntime;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Export;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Export;

/// <summary>
/// ONNX Runtime on the exported graph against TorchSharp on the net, float32, on random inputs of odd sizes: the logits
/// agree within 1e-4 of their largest magnitude (logits reach 15-20 here, where float32 holds about 7 digits and the two
/// runtimes sum the convolutions in different orders).
/// </summary>
[Collection("Console")]
public class OnnxExportTests
{
    private static string Demo(string kind) => Path.Combine(FixturePaths.RepoRoot, "models", "demo", kind);

    /// <summary>The largest |torch - onnx| of the logits over the largest |logit| (at least 1), the exported file loaded
    /// from disk (ONNX Runtime checks the model on load).</summary>
    private static double LargestDifference(LoadedModel model, Spacing spacing, Shape3 shape, TempFolder dir)
    {
        string path = dir.File("model.onnx");
        OnnxExport.Write(OnnxExport.Build(model.Net, model.Config, spacing, shape), path);
        using var runtime = new InferenceSession(path);
        return LargestDifference(model, spacing, shape, runtime);
    }

    private static double LargestDifference(LoadedModel model, Spacing spacing, Shape3 shape, InferenceSession runtime)
    {
        var generator = new Generator(7);
        using var input = randn(new long[] { 1, model.Config.InputChannels, shape.X, shape.Y, shape.Z }, generator: generator);
        float[] expected;
        using (no_grad())
        {
            model.Net.eval();
            using var logits = model.Net.call(input, spacing);
            expected = logits.contiguous().data<float>().ToArray();
        }
        using var ortInput = OrtValue.CreateTensorValueFromMemory(input.data<float>().ToArray(), input.shape);
        using var outputs = runtime.Run(new RunOptions(), [OnnxExport.InputName], [ortInput], [OnnxExport.OutputName]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => (double)Math.Abs(a - b)).Max() / Math.Max(1, expected.Max(Math.Abs));
    }

    [Fact]
    public void UNet_OnnxRuntimeMatchesTorch()
    {
        using var dir = new TempFolder();
        var unet = ModelDirectory.Load(Demo("unet"));
        Assert.InRange(LargestDifference(unet, new Spacing(1, 1, 1), new Shape3(30, 34, 21), dir), 0, 1e-4);
        // A larger volume: norm statistics summed in one float32 pass drift with its size (0.02 in probability on a
        // 176x208x176 brain); summed one axis at a time they do not.
        Assert.InRange(LargestDifference(unet, new Spacing(1, 1, 1), new Shape3(100, 104, 96), dir), 0, 1e-4);
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 30, 34, 21)]
    [InlineData(0.5, 0.5, 1.0, 44, 40, 22)]
    [InlineData(0.45, 0.45, 5.0, 70, 66, 9)]
    public void RaUNet_OnnxRuntimeMatchesTorch(double x, double y, double z, int nx, int ny, int nz)
    {
        using var dir = new TempFolder();
        Assert.InRange(LargestDifference(ModelDirectory.Load(Demo("ra-unet")), new Spacing(x, y, z), new Shape3(nx, ny, nz), dir), 0, 1e-4);
    }

    /// <summary>Without a fixed size the graph takes any multiple of the poolings' product: two sizes through one file.</summary>
    [Theory]
    [InlineData("ra-unet", 0.45, 0.45, 5.0)]
    [InlineData("unet", 1.0, 1.0, 1.0)]
    public void AGraphWithoutAFixedSize_TakesEveryMultiple(string kind, double x, double y, double z)
    {
        using var dir = new TempFolder();
        var model = ModelDirectory.Load(Demo(kind));
        var spacing = new Spacing(x, y, z);
        var multiple = OnnxExport.SizeMultiple(model.Net, spacing);
        OnnxExport.Write(OnnxExport.Build(model.Net, model.Config, spacing, null), dir.File("any.onnx"));
        using var runtime = new InferenceSession(dir.File("any.onnx"));
        Assert.Equal([1, 1, -1, -1, -1], runtime.InputMetadata[OnnxExport.InputName].Dimensions);
        foreach (int k in new[] { 5, 8 })
        {
            var shape = new Shape3(multiple.X * k, multiple.Y * (k + 1), multiple.Z * Math.Max(2, 12 / multiple.Z));
            Assert.InRange(LargestDifference(model, spacing, shape, runtime), 0, 1e-4);
        }
    }

    [Fact]
    public void ThePublishedModel_OnnxRuntimeMatchesTorch()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("import-pytorch", Path.Combine(FixturePaths.RepoRoot, "testdata", "e3nn_unet", "e3nn_unet_state_dict.pt"), "--out", dir.File("published"));
        Assert.True(code == 0, stderr);
        Assert.InRange(LargestDifference(ModelDirectory.Load(dir.File("published")), new Spacing(0.8, 0.8, 2.4), new Shape3(26, 24, 12), dir), 0, 1e-4);
    }

    [Fact]
    public void ExportOnnx_WritesTheGraphWithItsContractAndRefusesToOverwrite()
    {
        using var dir = new TempFolder();
        var (code, stdout, stderr) = CliCapture.Run("export-onnx", "--model", Demo("ra-unet"), "--spacing", "0.45,0.45,5", "--window-mm", "48", "--out", dir.File("ra.onnx"));
        Assert.True(code == 0, stderr);
        Assert.Contains("ra-unet at 0.45x0.45x5 mm", stdout);
        using var runtime = new InferenceSession(dir.File("ra.onnx"));
        Assert.Equal([1, 1, 107, 107, 10], runtime.InputMetadata[OnnxExport.InputName].Dimensions);
        string contract = runtime.ModelMetadata.CustomMetadataMap[OnnxExport.MetadataKey];
        Assert.Contains("\"spacing_mm\":[0.45,0.45,5]", contract);
        Assert.Contains("\"intensity\"", contract);
        (code, _, stderr) = CliCapture.Run("export-onnx", "--model", Demo("ra-unet"), "--spacing", "1,1,1", "--window", "32", "--out", dir.File("ra.onnx"));
        Assert.NotEqual(0, code);
        Assert.Contains("--overwrite", stderr);
    }
}
