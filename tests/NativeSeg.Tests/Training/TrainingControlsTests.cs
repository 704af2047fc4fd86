using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Model;
using NativeSeg.Training;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

/// <summary>The training controls of the RA training study: losses, per-group rates, patches in mm, budgets, bias prior, diagnostics.</summary>
public class TrainingControlsTests
{
    private static ModelConfig TinyRa => new() { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 2, KernelMm = 3, PoolMm = 2 };
    private static ModelConfig TinyUNet => new() { Kind = ModelKind.UNet, Features = 4, Levels = 2, KernelVoxels = 3 };

    private static TrainingOptions Options(string data, string output, ModelConfig config, int epochs) => new()
    {
        DataDir = data, OutDir = output, Config = config, Patch = 12, Epochs = epochs, StepsPerEpoch = 3,
        Patience = 50, LearningRate = 1e-2, Seed = 7, ForegroundShare = 0.5,
    };

    [Fact]
    public void CrossEntropyDiceIsBinaryCrossEntropyPlusSoftDice()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0f, 2f, -1f, 3f }).reshape(1, 1, 4, 1, 1);
        var target = tensor(new float[] { 0f, 1f, 0f, 1f }).reshape(1, 1, 4, 1, 1);
        double[] z = [0, 2, -1, 3], t = [0, 1, 0, 1];
        double bce = z.Select((v, i) => Math.Log(1 + Math.Exp(v)) - t[i] * v).Average();
        double dice = SoftDiceLoss.Compute(logits, target).item<float>();
        Assert.Equal(bce + dice, TrainingLoss.Compute(LossKind.CrossEntropyDice, logits, target).item<float>(), 5);
        Assert.Equal(dice, TrainingLoss.Compute(LossKind.Dice, logits, target).item<float>(), 6);
        Assert.Equal(LossKind.CrossEntropyDice, TrainingLoss.Parse("ce-dice"));
        Assert.Contains("expected dice or ce-dice", Assert.Throws<UserInputException>(() => TrainingLoss.Parse("focal")).Message);
    }

    [Fact]
    public void ParameterGroupsPartitionTheRaUNetAndTakeTheirOwnRates()
    {
        manual_seed(1);
        using var net = new EquivariantUNet(TinyRa);
        var (radial, self, other) = LearningRates.Groups(net);
        Assert.Equal(net.Convolutions.Count(), radial.Count);
        var all = net.parameters().Select(p => p.Handle).ToList();
        var grouped = radial.Concat(self).Concat(other).Select(p => p.Handle).ToList();
        Assert.Equal(all.Count, grouped.Count);
        Assert.Equal(all.ToHashSet(), grouped.ToHashSet());

        // Adam's first step moves every element by about its rate: radial weights at 1e-6 barely move, the rest by ~1e-2.
        var before = net.parameters().Select(p => p.detach().clone()).ToList();
        var optimizer = new LearningRates(1e-2, Radial: 1e-6).Optimizer(net);
        var x = randn(new long[] { 1, 1, 8, 8, 8 });
        net.forward(x, Spacing.Isotropic(1)).square().mean().backward();
        optimizer.step();
        var radialHandles = radial.Select(p => p.Handle).ToHashSet();
        foreach (var (p, b) in net.parameters().Zip(before))
        {
            double moved = (p.detach() - b).abs().max().item<float>();
            if (radialHandles.Contains(p.Handle)) Assert.True(moved < 2e-6, $"radial weight moved {moved}");
            else if (p.grad is { } g && g.abs().max().item<float>() > 0) Assert.True(moved > 5e-3, $"other weight moved only {moved}");
        }
        Assert.Throws<UserInputException>(() => new LearningRates(double.NaN).Optimizer(net));
    }

    [Fact]
    public void PatchesInMillimetresFollowEachSpacing()
    {
        Assert.Equal(new Shape3(96, 96, 10), PatchSize.Physical(48).For(new Spacing(0.5, 0.5, 4.8)));
        Assert.Equal(new Shape3(48, 48, 48), PatchSize.Physical(48).For(Spacing.Isotropic(1)));
        Assert.Equal(new Shape3(32, 32, 32), PatchSize.Cube(32).For(new Spacing(0.5, 0.5, 5)));
        Assert.Equal(new Shape3(1, 1, 1), PatchSize.Physical(0.1).For(Spacing.Isotropic(1)));
        Assert.Throws<UserInputException>(() => PatchSize.Cube(0));
        Assert.Throws<UserInputException>(() => PatchSize.Cube(PatchSize.MaxVoxels + 1));
        Assert.Throws<UserInputException>(() => PatchSize.Physical(double.NaN));

        var c = new TrainingCase("c", "g", new Shape3(40, 40, 8), new Spacing(0.5, 0.5, 4), new float[12800], new byte[12800]);
        var patch = new PatchSampler([c], PatchSize.Physical(16), new SeededRandom(3)).Next();
        Assert.Equal(new Shape3(32, 32, 4), patch.Shape);   // 16 mm along every axis
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void HeadBiasPriorSetsTheUntrainedForegroundProbability(int classes)
    {
        manual_seed(2);
        using var ra = new EquivariantUNet(TinyRa with { Classes = classes });
        using var unet = new UNet(TinyUNet with { Classes = classes });
        double logit = Math.Log(0.01 / 0.99);
        foreach (SegmentationNet net in new SegmentationNet[] { ra, unet })
        {
            net.InitializeOutputBias(0.01);
            var bias = net.named_parameters().Where(p => p.name is "bias" or "head.bias").Single().parameter;
            var values = bias.detach().data<float>().ToArray();
            Assert.Equal(classes == 1 ? [logit] : new[] { 0.0, logit }, values.Select(v => (double)v).ToArray(), new ToleranceComparer(1e-6));
        }
        Assert.Throws<UserInputException>(() => ra.InitializeOutputBias(1.0));
    }

    [Fact]
    public void AStepBudgetStopsAtTheEpochThatReachesIt()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        var summary = Trainer.Run(Options(dir.File("data"), dir.File("m"), TinyUNet, 50) with { MaxSteps = 7 });
        Assert.Equal(StopReason.StepBudget, summary.Reason);
        Assert.Equal(3, summary.EpochsRun);   // 3 steps per epoch: 3, 6, 9 >= 7
        Assert.Equal([3L, 6, 9], summary.Log.Select(r => r.Steps));
        Assert.All(TrainingLog.Read(dir.File("m")), r => Assert.True(r.GradNormMedian > 0 && r.GradNormMedian <= r.GradNormMax, $"{r}"));
        Assert.Equal((summary.BestEpoch + 1) * 3, summary.StepsToBest);
        Assert.Equal(3, (Options("d", "o", TinyUNet, 1) with { PatienceSteps = 7 }).PatienceEpochs);
    }

    [Fact]
    public void ATimeBudgetStopsAfterAnEpochAndResumeContinues()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        var options = Options(dir.File("data"), dir.File("m"), TinyUNet, 3) with { MaxMinutes = 1e-6 };
        var first = Trainer.Run(options);
        Assert.Equal(StopReason.TimeBudget, first.Reason);
        Assert.Equal(1, first.EpochsRun);
        var rest = Trainer.Run(options with { MaxMinutes = null, Resume = true });
        Assert.Equal(2, rest.EpochsRun);
        Assert.Equal(StopReason.EpochLimit, rest.Reason);
        Assert.Equal(3, TrainingLog.Read(dir.File("m")).Count());
    }

    [Fact]
    public void DiagnosticsMeasureWeightChangeAgainstTheInitialWeightsAndTheKernelShare()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        Trainer.Run(Options(dir.File("data"), dir.File("m"), TinyRa, 2) with { ValidateOn = ValidationMode.Whole, HeadBiasPrior = 0.05 });
        var rows = TrainingDiagnostics.Read(dir.File("m"));
        Assert.True(File.Exists(dir.File("m/" + TrainingDiagnostics.WeightsPlotFile)));
        Assert.True(File.Exists(dir.File("m/" + TrainingDiagnostics.KernelsPlotFile)));
        int convs = 2 * (2 + 1);   // 2 levels: 2 encoder blocks + 1 decoder block, 2 convolutions each
        Assert.Equal(convs, rows.Count(r => r.Epoch == 1 && r.Quantity == "neighbour_to_self"));
        Assert.All(rows.Where(r => r.Quantity == "neighbour_to_self"), r => Assert.True(r.Value > 0 && double.IsFinite(r.Value)));
        Assert.Equal(convs, rows.Count(r => r.Epoch == 1 && r.Quantity == "weight_change_radial"));
        Assert.All(rows.Where(r => r.Quantity.StartsWith("weight_change", StringComparison.Ordinal)), r => Assert.InRange(r.Value, 0, 10));
        Assert.DoesNotContain(rows, r => r.Name.EndsWith("bias", StringComparison.Ordinal));   // zero at the start: no relative change

        // The recorded change of the last epoch is ||W - W0|| / ||W0|| between checkpoint/ and initial/.
        var initial = ModelDirectory.Load(dir.File("m/" + TrainingDiagnostics.InitialFolder));
        var latest = ModelDirectory.Load(dir.File("m/" + Checkpoint.Folder));
        using var a = initial.Net;
        using var b = latest.Net;
        var w0 = a.named_parameters().Single(p => p.name == "encoder.0.conv1.weight").parameter;
        var w = b.named_parameters().Single(p => p.name == "encoder.0.conv1.weight").parameter;
        double expected = (w - w0).norm().item<float>() / w0.norm().item<float>();
        var recorded = rows.Single(r => r.Epoch == 1 && r.Name == "encoder.0.conv1.weight");
        Assert.True(expected > 0);
        Assert.Equal(expected, recorded.Value, 4);
        Assert.Equal(2, TrainingLog.Read(dir.File("m")).Count(r => r.ValidationDice is >= 0 and <= 1));
    }

    [Fact]
    public void WholeVolumeValidationScoresAPerfectPredictorAsDiceOne()
    {
        // The case's image is z-scored as CaseLoader leaves it (lesions about +2.4, background about -0.4):
        // logits 20 (z - 1) are far positive on lesions, far negative elsewhere.
        var shape = new Shape3(6, 5, 4);
        var label = Enumerable.Range(0, (int)shape.Count).Select(i => (byte)(i % 7 == 0 ? 1 : 0)).ToArray();
        var image = IntensityNormalization.ZScoreNonzero(label.Select(v => 3f * v + 1).ToArray());
        var c = new TrainingCase("c", "g", shape, Spacing.Isotropic(1), image, label);
        using var net = new PointwiseNet([20.0], [-20.0]);
        var (loss, dice) = Validation.OnVolumes(net, [c], CPU);
        Assert.Equal(1.0, dice, 6);
        Assert.True(loss < 0.05, $"loss {loss}");
    }

    [Fact]
    public void TrainingLogsWithoutTheNewColumnsStillRead()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("m"));
        File.WriteAllLines(dir.File("m/training.csv"), ["epoch,train_loss,val_loss,val_dice,seconds", "0,0.9,0.8,0.1,2.5"]);
        var r = Assert.Single(TrainingLog.Read(dir.File("m")));
        Assert.Equal((0, -1L), (r.Epoch, r.Steps));
        Assert.True(double.IsNaN(r.GradNormMedian) && double.IsNaN(r.GradNormMax));
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedNamingTheOption()
    {
        var o = Options("d", "o", TinyUNet, 1);
        foreach (var (bad, name) in new (TrainingOptions, string)[]
                 {
                     (o with { Epochs = 0 }, "--epochs"), (o with { StepsPerEpoch = 0 }, "--steps-per-epoch"), (o with { Patience = -1 }, "--patience"),
                     (o with { GradClip = 0 }, "--grad-clip"), (o with { HeadBiasPrior = 1.5 }, "--head-bias-prior"), (o with { MaxSteps = 0 }, "--max-steps"),
                     (o with { MaxMinutes = double.NaN }, "--max-minutes"), (o with { PatchMm = -3 }, "patch"), (o with { LearningRate = double.NaN }, "--lr"),
                 })
            Assert.Contains(name, Assert.Throws<UserInputException>(bad.Validate).Message);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
