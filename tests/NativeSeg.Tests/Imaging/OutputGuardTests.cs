using NativeSeg.Imaging;
using Xunit;

namespace NativeSeg.Tests.Imaging;

/// <summary>No command writes over one of its inputs, whatever name the output path gives it.</summary>
[Collection("Console")]
public class OutputGuardTests
{
    private static byte[] WriteInput(TempFolder dir, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dir.File(name))!);
        NiftiWriter.Write(SampleVolume.GaussianBlobs(new Shape3(6, 5, 4), Spacing.Isotropic(1), 1), dir.File(name));
        return File.ReadAllBytes(dir.File(name));
    }

    [Fact]
    public void PredictIntoASymlinkOfTheInputFolderIsRefused()
    {
        using var dir = new TempFolder();
        var before = WriteInput(dir, "in/case.nii.gz");   // no channel suffix: its mask is named case.nii.gz too
        Directory.CreateSymbolicLink(dir.File("link"), dir.File("in"));
        var model = NativeSeg.Tests.Cli.PredictCommandTests.TinyModel(dir);
        var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", dir.File("in"), "--output", dir.File("link"));
        Assert.NotEqual(0, code);
        Assert.Contains("would overwrite the input", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(dir.File("in/case.nii.gz")));
    }

    [Fact]
    public void AProbabilityMapOverAnInputFileIsRefused()
    {
        using var dir = new TempFolder();
        var before = WriteInput(dir, "x_prob.nii.gz");
        var model = NativeSeg.Tests.Cli.PredictCommandTests.TinyModel(dir);
        var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", dir.File("x_prob.nii.gz"), "--output", dir.File("x.nii.gz"), "--probabilities");
        Assert.NotEqual(0, code);
        Assert.Contains("would overwrite the input", stderr);
        Assert.Equal(before, File.ReadAllBytes(dir.File("x_prob.nii.gz")));
        Assert.False(File.Exists(dir.File("x.nii.gz")));
    }

    [Fact]
    public void ResampleOntoItsOwnInputOrItsReferenceIsRefused()
    {
        using var dir = new TempFolder();
        var image = WriteInput(dir, "a.nii.gz");
        var reference = WriteInput(dir, "ref.nii.gz");
        File.CreateSymbolicLink(dir.File("alias.nii.gz"), dir.File("a.nii.gz"));
        foreach (var args in new[]
                 {
                     new[] { "resample", dir.File("a.nii.gz"), "--out", dir.File("a.nii.gz"), "--spacing", "2" },
                     new[] { "resample", dir.File("a.nii.gz"), "--out", dir.File("alias.nii.gz"), "--spacing", "2" },
                     new[] { "resample", dir.File("a.nii.gz"), "--out", dir.File("sub/../ref.nii.gz"), "--like", dir.File("ref.nii.gz") },
                 })
        {
            var (code, _, stderr) = CliCapture.Run(args);
            Assert.NotEqual(0, code);
            Assert.Contains("would overwrite the input", stderr);
        }
        Assert.Equal(image, File.ReadAllBytes(dir.File("a.nii.gz")));
        Assert.Equal(reference, File.ReadAllBytes(dir.File("ref.nii.gz")));
        Assert.Equal(0, CliCapture.Run("resample", dir.File("a.nii.gz"), "--out", dir.File("b.nii.gz"), "--spacing", "2").Code);
    }
}
