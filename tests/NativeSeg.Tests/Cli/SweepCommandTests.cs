using NativeSeg.Tests.Experiments;

namespace NativeSeg.Tests.Cli;

/// <summary>The sweep is its own verb; the experiment verb points there in one line.</summary>
[Collection("Console")]
public class SweepCommandTests
{
    [Fact]
    public void TheSweepVerbRunsAScaleSweepAndTheExperimentVerbPointsToIt()
    {
        using var dir = new TempFolder();
        SweepTests.SaveUntrainedModels(dir.File("models"));
        var (code, stdout, stderr) = CliCapture.Run("sweep", "--models-from", dir.File("models"), "--out", dir.File("sweep"), "--scale", "tiny", "--models", "unet", "--subjects", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("1x1x1.5", stdout);   // the tiny scale's own plan: in-plane 1 and 1.5 mm x slices 1.5 and 4 mm
        Assert.True(File.Exists(dir.File("sweep/report.md")));

        var (refused, _, error) = CliCapture.Run("experiment", "--protocol", "sweep", "--data", dir.File("models"), "--out", dir.File("x"));
        Assert.Equal(1, refused);
        Assert.Contains("nativeseg sweep", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
