using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using System.Text.Json;
using NativeSeg.Nets.Fixtures;
using NativeSeg.Nets.Import;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The paper's published PyTorch model as a whole (testdata/e3nn_unet, from ../shared/fixtures/e3nn_unet): its
/// recorded weights loaded under NativeSeg's names reproduce its outputs at 1 mm and 0.5x0.5x1 mm, and its torch.save
/// state dict imports from the command line into a model folder that predicts the same.
/// </summary>
[Collection("Console")]
public class PublishedUNetTests
{
    private static string Folder => Path.Combine(FixturePaths.RepoRoot, "testdata", "e3nn_unet");

    /// <summary>
    /// Both fixtures: the published default (no cutoff) at 1 and 0.5x0.5x1 mm, and the model with the cutoff at 0.8x0.8x2
    /// and 0.7x0.7x2.5 mm, where the published and actual level-spacing rules differ.
    /// </summary>
    [Theory]
    [InlineData("e3nn_unet", 24 * 24 * 24 + 32 * 32 * 16)]
    [InlineData("e3nn_unet_cutoff", 20 * 20 * 12 + 24 * 22 * 10)]
    public void TheRecordedWeightsReproduceThePublishedOutputs(string fixture, int values)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, "testdata", fixture, "e3nn_unet.json")));
        var result = new PublishedUNetCheck().Check(document);
        Assert.True(result.Passed, $"{result.MaxAbsError:E2} > {result.Tolerance:E2}: {result.Detail}");
        Assert.InRange(result.Tolerance, 1e-8, 2e-7);   // 1e-8 of the largest output (|logit| up to ~7 and ~13)
        Assert.Equal(values, result.Values);
    }

    [Fact]
    public void NamesMapOntoNativeSegs()
    {
        Assert.Equal("encoder.2.conv1.sc.weight", PublishedUNet.NativeName("down.down_blocks.2.conv1.sc.weight"));
        Assert.Equal("decoder.0.norm2.bias", PublishedUNet.NativeName("up.up_blocks.0.batchnorm2.bias"));
        Assert.Equal("head.weight", PublishedUNet.NativeName("out.weight"));
        Assert.Equal("bias", PublishedUNet.NativeName("bias"));
    }

    [Fact]
    public void TheStateDictImportsAndPredictsThePublishedOutput()
    {
        using var dir = new TempFolder();
        var (code, stdout, stderr) = CliCapture.Run("import-pytorch", Path.Combine(Folder, "e3nn_unet_state_dict.pt"), "--out", dir.File("m"));
        Assert.True(code == 0, stderr);
        Assert.Contains("read n=1, 3 levels, 5 radial basis functions, 1 input channel, 1 class off the tensors", stdout);
        Assert.Contains("imported 23505 parameters", stdout);
        var model = ModelDirectory.Load(dir.File("m"));
        using var net = model.Net;
        Assert.Equal(LevelSpacingRule.Published, model.Config.LevelSpacing);
        Assert.Equal(KernelBufferPrecision.PublishedFloat32, model.Config.KernelBuffers);
        Assert.False(model.Config.RadialCutoff);

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "e3nn_unet.json")));
        var item = document.RootElement.GetProperty("cases")[0];
        var shape = item.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        using var scope = NewDisposeScope();
        var input = tensor(item.GetProperty("input").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray()).reshape([1, 1, .. shape]);
        var expected = tensor(item.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray()).reshape([1, 1, .. shape]);
        using var noGrad = no_grad();
        var output = net.forward(input, Spacing.Isotropic(1)).to_type(ScalarType.Float64);
        Assert.InRange(((output - expected).abs().max() / expected.abs().max()).item<double>(), 0, 1e-4);   // float32 weights

        // Through predict: the probabilities are the sigmoid of the published logits.
        Assert.InRange(PublishedFixtures.PredictedAgainstPublished(dir.File("m"), item, dir), 0, 1e-4);

        (code, _, stderr) = CliCapture.Run("import-pytorch", Path.Combine(Folder, "e3nn_unet_state_dict.pt"), "--out", dir.File("m2"), "--n", "2");
        Assert.Equal(1, code);
        Assert.Contains("--n 2, but the state dict is of a model with 1", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        (code, _, stderr) = CliCapture.Run("import-pytorch", "--state-dict", Path.Combine(Folder, "e3nn_unet_state_dict.pt"), "--out", dir.File("m4"), "--kernel-buffers", "float64",
            "--level-spacing", "actual");
        Assert.True(code == 0, stderr);
        var other = ModelDirectory.Load(dir.File("m4"));
        using (other.Net)
        {
            Assert.Equal(KernelBufferPrecision.Float64, other.Config.KernelBuffers);
            Assert.Equal(LevelSpacingRule.Actual, other.Config.LevelSpacing);
        }
        (code, _, stderr) = CliCapture.Run("import-pytorch", Path.Combine(Folder, "e3nn_unet_state_dict.pt"), "--out", dir.File("m5"), "--kernel-buffers", "float32");
        Assert.Equal(1, code);
        Assert.Contains("--kernel-buffers 'float32': expected float64 or published-float32", stderr);
        (code, _, stderr) = CliCapture.Run("import-pytorch", Path.Combine(Folder, "e3nn_unet.json"), "--out", dir.File("m3"));
        Assert.Equal(1, code);
        Assert.Contains("not a PyTorch state dict", stderr);
        Assert.False(Directory.Exists(dir.File("m3")) && Directory.EnumerateFileSystemEntries(dir.File("m3")).Any());
    }
}
