using NativeSeg.Experiments.Sweep;
using NativeSeg.Nets.Model;
using NativeSeg.Experiments;
using NativeSeg.Training;
using NativeSeg.Training.Augmentation;

namespace NativeSeg.Tests.Experiments;

/// <summary>Training controls from a scale row and the command line reach the runs; multi-seed experiments are found by the sweep.</summary>
[Collection("Console")]
public class TrainingRecipeTests
{
    [Fact]
    public void ARecipeOverridesOnlyTheFieldsItSets()
    {
        var base_ = new TrainingOptions { DataDir = "d", OutDir = "o", LearningRate = 1e-3, Loss = LossKind.Dice, Config = new ModelConfig { RadialCutoff = true } };
        var applied = new TrainingRecipe { GradClip = 0.1, RadialCutoff = false }.ApplyTo(base_);
        Assert.Equal((1e-3, LossKind.Dice, 0.1, false), (applied.LearningRate, applied.Loss, applied.GradClip, applied.Config.RadialCutoff));
        Assert.Equal(base_ with { GradClip = 0.1, Config = base_.Config with { RadialCutoff = false } }, applied);
        Assert.Equal(base_, TrainingRecipe.None.ApplyTo(base_));
        Assert.Equal([("--grad-clip", "0.1"), ("--radial-cutoff", "false")], new TrainingRecipe { GradClip = 0.1, RadialCutoff = false }.Describe());
        var grids = new TrainingRecipe { Augment = AugmentationScheme.None, GridAugment = 0.5, GridRange = new GridRange(0.5, 1, 2, 4) };
        Assert.Equal((AugmentationScheme.None, 0.5, new GridRange(0.5, 1, 2, 4)), (grids.ApplyTo(base_).Augment, grids.ApplyTo(base_).GridAugment, grids.ApplyTo(base_).GridRange));
        Assert.Equal([("--augment", "none"), ("--grid-augment", "0.5"), ("--grid-range", "0.5-1,2-4")], grids.Describe());
        Assert.Equal(AugmentationScheme.NnUNet, base_.Augment);   // every model gets nnU-Net's transforms unless told otherwise
        Assert.Equal(LearningRateSchedule.Poly, new TrainingRecipe { Schedule = LearningRateSchedule.Poly }.ApplyTo(base_).Schedule);
        Assert.Equal([("--lr", "0.02"), ("--lr-schedule", "poly")], new TrainingRecipe { LearningRate = 0.02, Schedule = LearningRateSchedule.Poly }.Describe());
    }

    [Fact]
    public void TheQuickScaleTrainsWithTheStudyRecipeAndTheCommandLineWins()
    {
        var set = ExperimentProtocol.TwoDThreeD.TrainingSets[0];
        var quick = ExperimentScale.Quick.Training("d", "o", ModelKind.RaUNet, set, 0);
        Assert.Equal((2e-2, 0.01, ValidationMode.Whole, 32.0, true), (quick.LearningRate, quick.HeadBiasPrior!.Value, quick.ValidateOn, quick.PatchMm!.Value, quick.Config.RadialCutoff));
        Assert.Equal(64, ExperimentScale.Quick.Prediction.WindowMm);
        var paper = ExperimentScale.Paper.Training("d", "o", ModelKind.RaUNet, set, 0);
        Assert.Equal((5e-3, (double?)null, ValidationMode.Patches), (paper.LearningRate, paper.HeadBiasPrior, paper.ValidateOn));
        var overridden = new TrainingRecipe { LearningRate = 1e-2 }.ApplyTo(quick);
        Assert.Equal((1e-2, 0.01), (overridden.LearningRate, overridden.HeadBiasPrior!.Value));
    }

    [Fact]
    public void TheSweepFindsTheFirstSeedsModelsOfAMultiSeedExperiment()
    {
        using var dir = new TempFolder();
        foreach (var run in new[] { "ra-unet-seed10", "ra-unet-seed3", "unet-seed3", "unet-1mm-seed3" })
        {
            Directory.CreateDirectory(dir.File($"exp/models/3d+2d/{run}"));
            File.WriteAllText(dir.File($"exp/models/3d+2d/{run}/{ModelDirectory.ConfigFile}"), "{}");
        }
        var (set, models) = SweepModels.Find(dir.File("exp"), null, ExperimentSettings.AllModels);
        Assert.Equal("3d+2d", set);
        Assert.Equal(["ra-unet-seed3", "unet-seed3", "unet-1mm-seed3"], models.Select(m => Path.GetFileName(m.Directory)));
    }

    [Theory]
    [InlineData("1,1", "distinct")]
    [InlineData("0,x", "non-negative whole numbers")]
    public void BadSeedListsGiveOneLine(string seeds, string message)
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("experiment", "--protocol", "2d3d", "--data", dir.File("data"), "--out", dir.File("out"), "--seeds", seeds);
        Assert.NotEqual(0, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
