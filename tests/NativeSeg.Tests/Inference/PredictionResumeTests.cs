using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

/// <summary>An interrupted folder prediction (an experiment's predict step) continues: complete cases are kept, missing ones predicted.</summary>
[Collection("Console")]
public class PredictionResumeTests
{
    [Fact]
    public void CompleteCasesAreKeptAndMissingOnesPredicted()
    {
        using var tmp = new TempFolder();
        string input = Directory.CreateDirectory(tmp.File("in")).FullName, output = tmp.File("out");
        InferenceFiles.Write(Path.Combine(input, "a_0000.nii.gz"), new Shape3(10, 9, 7), seed: 1, affine: Affine.Diagonal(new Spacing(1, 1, 1.5)));
        InferenceFiles.Write(Path.Combine(input, "b_0000.nii.gz"), new Shape3(10, 9, 7), seed: 2, affine: Affine.Diagonal(new Spacing(1, 1, 1.5)));
        using var net = new UNet(new ModelConfig { Kind = ModelKind.UNet, Levels = 2, Features = 2, KernelVoxels = 3 });
        var runner = new PredictionRunner(Predictors.Create(net.Config, net, new PredictionOptions { Patch = 8 }));
        runner.Run(input, output, probabilities: false);
        string a = Path.Combine(output, "a.nii.gz"), b = Path.Combine(output, "b.nii.gz");
        var kept = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(a, kept);
        File.Delete(b);

        runner.Run(input, output, probabilities: false, keepComplete: true);
        Assert.Equal(kept, File.GetLastWriteTimeUtc(a));
        Assert.True(File.Exists(b));

        runner.Run(input, output, probabilities: false);
        Assert.NotEqual(kept, File.GetLastWriteTimeUtc(a));
    }

    [Fact]
    public void StatusTellsDoneMissingAndPartialCases()
    {
        using var tmp = new TempFolder();
        string input = Directory.CreateDirectory(tmp.File("in")).FullName, output = Directory.CreateDirectory(tmp.File("out")).FullName;
        foreach (var name in new[] { "a", "b", "c" })
            InferenceFiles.Write(Path.Combine(input, $"{name}_0000.nii.gz"), new Shape3(4, 4, 4), seed: 1, affine: Affine.Diagonal(Spacing.Isotropic(1)));
        File.WriteAllBytes(Path.Combine(output, "a.nii.gz"), [1]);
        File.WriteAllBytes(Path.Combine(output, ".b.nii.gz.0123.tmp"), [1]);   // a write under way or killed
        var (code, stdout, _) = CliCapture.Run("status", "--input", input, "--output", output);
        Assert.Equal(1, code);
        Assert.Contains("partial: b", stdout);
        Assert.Contains("missing: c", stdout);
        Assert.Contains("1 of 3 case(s) done, 0 running, 1 partial, 1 missing", stdout);
    }
}
