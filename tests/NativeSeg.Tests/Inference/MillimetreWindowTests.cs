using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

/// <summary>Sliding windows of a fixed physical size (predict --window-mm).</summary>
[Collection("Console")]
public class MillimetreWindowTests
{
    [Fact]
    public void TwoResamplingsOfOneVolumeAreCoveredByTheSamePhysicalBoxes()
    {
        // 64 x 64 x 40 mm at 1 mm and at 0.5 x 0.5 x 2 mm; a 32 mm window.
        var options = new PredictionOptions { WindowMm = 32 };
        var coarse = (Shape: new Shape3(64, 64, 40), Spacing: Spacing.Isotropic(1));
        var fine = (Shape: new Shape3(128, 128, 20), Spacing: new Spacing(0.5, 0.5, 2));
        var boxes = new[] { coarse, fine }.Select(g =>
        {
            var window = new SlidingWindow(g.Shape, options.Window(g.Spacing)!.Value, options.StepFraction);
            return window.Tiles.Select(t => Enumerable.Range(0, 3).Select(a => (t[a] * g.Spacing[a], (t[a] + window.Patch[a]) * g.Spacing[a])).ToArray())
                .Select(b => string.Join(" ", b.Select(x => $"{x.Item1:0.###}-{x.Item2:0.###}"))).OrderBy(s => s, StringComparer.Ordinal).ToList();
        }).ToList();
        Assert.Equal(new Shape3(64, 64, 16), options.Window(fine.Spacing));
        Assert.Equal(boxes[0], boxes[1]);
        Assert.Equal(18, boxes[0].Count);   // starts 0, 16, 32 mm along x and y; 0, 8 mm along z (40 mm, window 32)
    }

    [Fact]
    public void AWindowInMillimetresAtOneMillimetreIsTheSameAsInVoxels()
    {
        var volume = SampleVolume.GaussianBlobs(new Shape3(21, 17, 11), Spacing.Isotropic(1), 4);
        var net = new SmallConvNet();
        var voxels = new Predictor(net, new PredictionOptions { Patch = 8 }).Predict(volume).Probabilities.Voxels;
        var mm = new Predictor(net, new PredictionOptions { WindowMm = 8 }).Predict(volume).Probabilities.Voxels;
        Assert.Equal(voxels, mm);
        Assert.Equal("sliding window 8 mm", new PredictionOptions { WindowMm = 8 }.Describe());
    }

    [Fact]
    public void PredictTakesWindowAndOverlapFromTheCommandLine()
    {
        using var dir = new TempFolder();
        var model = NativeSeg.Tests.Cli.PredictCommandTests.TinyModel(dir);
        var input = SampleVolume.GaussianBlobs(new Shape3(14, 12, 10), new Spacing(0.5, 0.5, 1), 2);
        NiftiWriter.Write(input, dir.File("in.nii.gz"));
        var (code, stdout, stderr) = CliCapture.Run("predict", "--model", model, "--input", dir.File("in.nii.gz"), "--output", dir.File("out.nii.gz"),
            "--window-mm", "4", "--overlap", "0.25");
        Assert.True(code == 0, stderr);
        Assert.Contains("sliding window 4 mm", stdout);
        (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", dir.File("in.nii.gz"), "--output", dir.File("out2.nii.gz"), "--overlap", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("--overlap 1", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("out2.nii.gz")));
    }
}
