using System.Text.Json.Nodes;
using NativeSeg.Experiments;
using NativeSeg.Nets.Model;
using NativeSeg.Training;

namespace NativeSeg.Tests.Experiments;

public class CrossValidationExperimentTests
{
    [Fact]
    public void EachModelTrainsOneRunPerFoldAndTheirEnsemblePredictsTheTestSet()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        var settings = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, dir.File("data"), dir.File("out"), ExperimentScale.Tiny, [ModelKind.UNet], Seed: 1) { Folds = 2 };
        var result = ExperimentRunner.Run(settings);

        Assert.Equal(["train 3d+2d unet fold0", "train 3d+2d unet fold1", "predict 3d+2d unet", "evaluate 3d+2d unet"],
            result.Steps.Select(s => s.Name).Where(n => n != ExperimentPlan.ReportStep));
        var splits = JsonNode.Parse(File.ReadAllText(dir.File("out/models/3d+2d/splits-2folds-seed1.json")))!.AsArray();
        foreach (int fold in new[] { 0, 1 })
        {
            var record = JsonNode.Parse(File.ReadAllText(dir.File($"out/models/3d+2d/unet/fold{fold}/training.json")))!;
            Assert.Equal(splits[fold]!["val"]!.AsArray().Select(n => n!.GetValue<string>()), record["validation_cases"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
        // Three groups of two training cases dealt to two folds: each fold validates on one case of every group.
        Assert.All(splits, f => Assert.Equal(3, f!["val"]!.AsArray().Count));
        string sidecar = Directory.GetFiles(dir.File("out/predictions/3d+2d/unet"), "*.json").First();
        Assert.Contains("\"architecture\": \"ensemble\"", File.ReadAllText(sidecar));
        Assert.True(File.Exists(dir.File("out/results/3d+2d/unet.csv")));
        string report = File.ReadAllText(dir.File("out/report.md"));
        Assert.Contains("| model | seed | fold 0 | fold 1 | mean |", report);
        Assert.Matches(@"\| unet \| 1 \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \(\d\.\d{3}\) \|", report);

        // A fold whose run collapsed says so beside its best validation Dice when the report is written again.
        TrainingLog.Write(dir.File("out/models/3d+2d/unet/fold1"),
            [new(0, 0.5, 0.4, 0.6, 1, 1), new(1, 0.9, 0.999, 0, 1, 2)], plot: false);
        ExperimentRunner.Run(settings);
        Assert.Matches(@"\| unet \| 1 \| \d\.\d{3} \| 0\.600 \(collapsed at epoch 1\) \|", File.ReadAllText(dir.File("out/report.md")));
    }
}
