using NativeSeg.Nets.Model;
using NativeSeg.Experiments;

namespace NativeSeg.Tests.Experiments;

/// <summary>
/// Several processes on one experiment folder: a step another process holds (its lock file locked) is left to it,
/// with the steps that depend on it; the report waits until every run has results.
/// </summary>
public class SharedExperimentTests
{
    private static FileStream Hold(string steps, string lockName) =>
        new(Path.Combine(steps, lockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    [Fact]
    public void AStepHeldElsewhereIsLeftToItsHolder()
    {
        using var dir = new TempFolder();
        var ledger = new StepLedger(dir.File("steps"));
        Directory.CreateDirectory(dir.File("steps"));
        int runs = 0;
        using (Hold(dir.File("steps"), "train_a.lock"))
        {
            Assert.False(ledger.Run("train a", () => runs++));
            Assert.Equal(0, runs);
            Assert.Equal(["train a"], ledger.Elsewhere);
            Assert.True(ledger.Run("train b", () => runs++));
        }
        Assert.True(ledger.Run("train a", () => runs++));
        Assert.Equal(2, runs);
        Assert.True(ledger.Run("train a", () => runs++));   // finished: not run again
        Assert.Equal(2, runs);
    }

    [Fact]
    public void TheReportWaitsForRunsAnotherProcessHolds()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        var settings = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, dir.File("data"), dir.File("out"), ExperimentScale.Tiny,
            [ModelKind.UNet, ModelKind.UNet1mm], Seed: 1);
        Directory.CreateDirectory(dir.File("out/steps"));
        ExperimentResult partial;
        using (Hold(dir.File("out/steps"), "train_3d_2d_unet.lock"))
            partial = ExperimentRunner.Run(settings);
        Assert.Equal(["unet on 3d+2d"], partial.Pending);
        Assert.Empty(partial.Tables);
        Assert.False(File.Exists(dir.File("out/report.md")));
        Assert.False(Directory.Exists(dir.File("out/predictions/3d+2d/unet")));
        Assert.True(File.Exists(dir.File("out/results/3d+2d/unet-1mm.csv")));

        var whole = ExperimentRunner.Run(settings);
        Assert.Empty(whole.Pending);
        Assert.True(File.Exists(dir.File("out/report.md")));
        Assert.True(whole.Steps.Single(s => s.Name == "train 3d+2d unet-1mm").Skipped);
        Assert.False(whole.Steps.Single(s => s.Name == "train 3d+2d unet").Skipped);
    }

    [Fact]
    public void ListStepsSaysWhichStepsAreDoneRunningReadyOrWaiting()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        string[] experiment = ["experiment", "--protocol", "2d3d", "--scale", "tiny", "--models", "unet,unet-1mm", "--data", dir.File("data"), "--out", dir.File("out"),
            "--seed", "1"];
        var (trained, _, error) = CliCapture.Run([.. experiment, "--step", "train 3d+2d unet"]);
        Assert.True(trained == 0, error);
        string[] lines;
        using (Hold(dir.File("out/steps"), "train_3d_2d_unet-1mm.lock"))
        using (Hold(dir.File("out/steps"), "predict_3d_2d_unet_shard_2-of-3.lock"))   // a shard of it runs elsewhere (--workers)
        {
            var (code, stdout, _) = CliCapture.Run([.. experiment, "--list-steps"]);
            Assert.Equal(0, code);
            lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        Assert.Equal(7, lines.Length);
        Assert.Matches(@"^train 3d\+2d unet    done \(last run \d+ s\)$", lines[0]);
        Assert.Equal("predict 3d+2d unet    (after train 3d+2d unet)    running", lines[1]);
        Assert.Equal("evaluate 3d+2d unet    (after predict 3d+2d unet)    waiting", lines[2]);
        Assert.Equal("train 3d+2d unet-1mm    running", lines[3]);
        Assert.Equal("predict 3d+2d unet-1mm    (after train 3d+2d unet-1mm)    waiting", lines[4]);
        Assert.Equal("report    (after every step)", lines[6]);
    }
}
