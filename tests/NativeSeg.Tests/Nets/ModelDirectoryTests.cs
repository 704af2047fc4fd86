using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

[Collection("Console")]
public class ModelDirectoryTests
{
    private static ModelConfig TinyConfig(ModelKind kind) => kind == ModelKind.RaUNet
        ? new ModelConfig { Kind = kind, IrrepsMultiplicity = 1, Levels = 2, TrainingSpacings = [new Spacing(0.5, 0.5, 3)] }
        : new ModelConfig { Kind = kind, Features = 4, Levels = 2, KernelVoxels = 3, Dropout = 0.1, TrainingSpacings = [Spacing.Isotropic(1)] };

    [Theory]
    [InlineData(ModelKind.RaUNet)]
    [InlineData(ModelKind.UNet)]
    [InlineData(ModelKind.UNet1mm)]
    public void SaveThenLoadReproducesOutputsBitForBit(ModelKind kind)
    {
        using var dir = new TempFolder();
        torch.manual_seed(3);
        var config = TinyConfig(kind);
        using var net = NetFactory.Create(config);
        // one training step so that norm buffers and weights differ from a fresh net
        net.train();
        using (var s = NewDisposeScope()) net.forward(randn(new long[] { 1, 1, 8, 8, 6 }), new Spacing(0.5, 0.5, 3)).mean().backward();
        net.eval();
        var x = randn(new long[] { 1, 1, 9, 7, 6 });
        var before = net.forward(x, new Spacing(0.5, 0.5, 3));
        ModelDirectory.Save(dir.Path, net, config);

        var loaded = ModelDirectory.Load(dir.Path);
        using var again = loaded.Net;
        Assert.Equal(config.Kind, loaded.Config.Kind);
        Assert.Equal(config.TrainingSpacings, loaded.Config.TrainingSpacings);
        Assert.Equal(ModelConfigJson.Serialize(config), ModelConfigJson.Serialize(loaded.Config));
        var after = again.forward(x, new Spacing(0.5, 0.5, 3));
        Assert.Equal(0f, (before - after).abs().max().item<float>());
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void DamagedOrMismatchedModelsGiveOneLineNamingTheFile()
    {
        using var dir = new TempFolder();
        var config = TinyConfig(ModelKind.UNet);
        using (var net = NetFactory.Create(config)) ModelDirectory.Save(dir.Path, net, config);
        string weights = Path.Combine(dir.Path, ModelDirectory.WeightsFile);
        string json = Path.Combine(dir.Path, ModelDirectory.ConfigFile);

        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        AssertOneLine(Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(dir.Path)), weights);

        // another architecture's weights under this model.json
        var wider = config with { Features = 6 };
        using (var other = NetFactory.Create(wider)) other.save(weights);
        var text = File.ReadAllText(json);
        File.WriteAllText(json, System.Text.RegularExpressions.Regex.Replace(text, "\"parameters\": \\d+,", ""));
        AssertOneLine(Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(dir.Path)), weights);

        File.WriteAllText(json, text.Replace("\"unet\"", "\"vnet\""));
        AssertOneLine(Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(dir.Path)), json);

        File.WriteAllText(json, "{ not json");
        AssertOneLine(Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(dir.Path)), json);

        File.Delete(json);
        AssertOneLine(Assert.Throws<FileNotFoundException>(() => ModelDirectory.Load(dir.Path)), json);
    }

    [Theory]
    [InlineData("\"features\": 4,", "\"features\": 100000,", "features 100000")]
    [InlineData("\"kernel_mm\": 5,", "\"kernel_mm\": 1000000,", "kernel_mm 1000000")]
    [InlineData("\"levels\": 2,", "\"levels\": 50,", "levels 50")]
    [InlineData("\"training_spacings\": [", "\"training_spacings\": [[1, null, 1], ", "training_spacings")]
    public void OutOfRangeModelFieldsAreRefusedBeforeBuildingTheNet(string field, string hostile, string message)
    {
        using var dir = new TempFolder();
        var config = TinyConfig(ModelKind.UNet);
        using (var net = NetFactory.Create(config)) ModelDirectory.Save(dir.Path, net, config);
        string json = Path.Combine(dir.Path, ModelDirectory.ConfigFile);
        string text = File.ReadAllText(json);
        Assert.Contains(field, text);
        File.WriteAllText(json, text.Replace(field, hostile));
        var e = Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(dir.Path));
        AssertOneLine(e, json);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ModelInfoVerbPrintsKindAndParameterCount()
    {
        using var dir = new TempFolder();
        var config = TinyConfig(ModelKind.RaUNet);
        long count;
        using (var net = NetFactory.Create(config)) { ModelDirectory.Save(dir.Path, net, config); count = net.ParameterCount(); }
        var (code, stdout, _) = CliCapture.Run("model-info", dir.Path, "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"model\":\"ra-unet\"", stdout);
        Assert.Contains("\"grid\":\"native\"", stdout);
        Assert.Contains($"\"parameters\":{count}", stdout);

        var (bad, _, stderr) = CliCapture.Run("model-info", Path.Combine(dir.Path, "nowhere"));
        Assert.Equal(1, bad);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    private static void AssertOneLine(Exception e, string file)
    {
        Assert.StartsWith(file, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
