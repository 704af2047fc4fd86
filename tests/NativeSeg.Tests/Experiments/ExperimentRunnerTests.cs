using NativeSeg.Imaging.Geometry;
using NativeSeg.Experiments;

namespace NativeSeg.Tests.Experiments;

public class ExperimentRunnerTests
{
    /// <summary>Two training and one test case per cluster: 1 mm, 0.5 mm and 2D (1 x 1 x 3 mm).</summary>
    internal static void WriteMixedDataset(string root)
    {
        int n = 0;
        foreach (var (group, spacing, shape) in new[]
                 {
                     ("3d-1mm", Spacing.Isotropic(1), new Shape3(12, 12, 12)),
                     ("3d-0.5mm", Spacing.Isotropic(0.5), new Shape3(12, 12, 12)),
                     ("2d", new Spacing(1, 1, 3), new Shape3(12, 12, 4)),
                 })
        {
            BlobDataset.Write(root, 2, shape, spacing, seed: n, group: group, firstCase: n);
            BlobDataset.Write(root, 1, shape, spacing, seed: n + 50, group: group, firstCase: n + 2, split: "Ts");
            n += 3;
        }
    }

    [Fact]
    public void TinyProtocolWritesEveryTableAndFigureAndResumesWithoutRetraining()
    {
        using var dir = new TempFolder();
        WriteMixedDataset(dir.File("data"));
        var settings = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, dir.File("data"), dir.File("out"), ExperimentScale.Tiny, ExperimentSettings.AllModels, Seed: 1);
        var first = ExperimentRunner.Run(settings);

        string report = File.ReadAllText(dir.File("out/report.md"));
        Assert.Contains("| model | 3d-1mm | 3d-0.5mm | 2d | combined |", report);
        foreach (var model in new[] { "ra-unet", "unet", "unet-1mm" })
        {
            Assert.Contains($"| {model} |", report);
            Assert.True(File.Exists(dir.File($"out/models/3d+2d/{model}/training.png")));
            Assert.True(File.Exists(dir.File($"out/results/3d+2d/{model}.csv")));
        }
        Assert.NotNull(first.Overlay);
        Assert.True(File.Exists(first.Overlay));
        Assert.True(File.Exists(first.Tables[0].BoxPlot));
        Assert.True(File.Exists(dir.File("out/run.json")));
        Assert.All(first.Steps, s => Assert.False(s.Skipped));

        var weights = dir.File("out/models/3d+2d/ra-unet/weights.bin");
        var written = File.GetLastWriteTimeUtc(weights);
        var again = ExperimentRunner.Run(settings);
        Assert.All(again.Steps, s => Assert.True(s.Skipped));
        Assert.Equal(written, File.GetLastWriteTimeUtc(weights));
        Assert.Contains("done earlier", File.ReadAllText(dir.File("out/report.md")));
    }

    [Fact]
    public void SeveralSeedsTrainOneModelEachAndTheTablesAverageThem()
    {
        using var dir = new TempFolder();
        WriteMixedDataset(dir.File("data"));
        var settings = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, dir.File("data"), dir.File("out"), ExperimentScale.Tiny,
            [NativeSeg.Nets.Model.ModelKind.UNet], Seed: 0) { Seeds = [3, 4] };
        var result = ExperimentRunner.Run(settings);
        var perSeed = new[] { 3, 4 }.Select(s => NativeSeg.Evaluation.ResultsCsv.Read(dir.File($"out/results/3d+2d/unet-seed{s}.csv"))).ToList();
        Assert.True(File.Exists(dir.File("out/models/3d+2d/unet-seed3/model.json")));
        Assert.True(File.Exists(dir.File("out/models/3d+2d/unet-seed4/model.json")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("out/models/3d+2d/unet-seed3/weights.bin")), File.ReadAllBytes(dir.File("out/models/3d+2d/unet-seed4/weights.bin")));
        var averaged = NativeSeg.Evaluation.ResultsCsv.Read(dir.File("out/results/3d+2d/unet.csv"));
        foreach (var row in averaged)
        {
            var a = perSeed[0].Single(r => r.Case == row.Case)["dice"];
            var b = perSeed[1].Single(r => r.Case == row.Case)["dice"];
            Assert.Equal((a!.Value + b!.Value) / 2, row["dice"]!.Value, 12);
        }
        var acrossSeeds = NativeSeg.Evaluation.SeedAverage.AcrossSeeds(perSeed, "dice");
        var seedMeans = perSeed.Select(rows => rows.Average(r => r["dice"]!.Value)).ToArray();
        Assert.Equal(seedMeans.Average(), acrossSeeds["combined"].Mean, 12);
        Assert.Equal(Math.Abs(seedMeans[0] - seedMeans[1]) / Math.Sqrt(2), acrossSeeds["combined"].Sd, 12);
        string report = File.ReadAllText(dir.File("out/report.md"));
        Assert.Contains("Across seeds, mean (sd over seeds)", report);
        Assert.Contains("\"seeds\": [", File.ReadAllText(dir.File("out/run.json")));
        Assert.Single(result.Tables);
    }

    [Fact]
    public void AnInterruptedStepIsRedoneAndFinishedOnesAreNot()
    {
        using var dir = new TempFolder();
        var ledger = new StepLedger(dir.Path);
        int runs = 0;
        ledger.Run("a", () => runs++);
        Assert.Throws<InvalidOperationException>(() => ledger.Run("b", () => throw new InvalidOperationException("killed")));
        var next = new StepLedger(dir.Path);
        next.Run("a", () => runs++);
        next.Run("b", () => runs++);
        Assert.Equal(2, runs);
        Assert.True(next.Steps[0].Skipped);
        Assert.False(next.Steps[1].Skipped);
    }
}
