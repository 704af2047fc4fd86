using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Experiments;
using NativeSeg.Phantom;
using NativeSeg.Training;

namespace NativeSeg.Tests.Experiments;

/// <summary>The fair CPU protocol (docs/results/cpu-protocol.md) as data: the paper's matching rule, equal millimetre patches, one plateau rule, three seeds.</summary>
public class CpuScaleTests
{
    [Fact]
    public void TheUNetsMatchTheRaNetsLevelZeroDimensionAndEveryModelTrainsUnderOneRule()
    {
        var cpu = ExperimentScale.Cpu;
        var ra = cpu.Config(ModelKind.RaUNet);
        // The paper: 8x0e+4x1e+2x2e (dimension 30) against 30 U-Net features; here 4x0e+2x1e+1x2e = 15 against 15.
        Assert.Equal(LevelIrreps.Features(ra.IrrepsMultiplicity).Dim, cpu.Config(ModelKind.UNet).Features);
        Assert.Equal(15, cpu.Config(ModelKind.UNet1mm).Features);
        var set = ExperimentProtocol.TwoDThreeD.TrainingSets[0];
        var runs = ExperimentSettings.AllModels.Select(k => cpu.Training("d", "o", k, set, 0)).ToList();
        Assert.All(runs, r => Assert.Equal((32.0, 450, 150, ValidationMode.Whole), (r.PatchMm!.Value, r.MaxSteps!.Value, r.PatienceSteps!.Value, r.ValidateOn)));
        Assert.Single(runs.Select(r => r with { Config = null!, OutDir = "", LearningRate = 0 }).Distinct());
        // Each architecture at its own rate: e3nn's parametrisation needs the study's 2e-2, the plain U-Nets the paper's 5e-3.
        Assert.Equal([2e-2, 5e-3, 5e-3], runs.Select(r => r.LearningRate));
        var cli = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, "d", "o", cpu, ExperimentSettings.AllModels) { Recipe = new() { LearningRate = 1e-3 } };
        Assert.Contains("instead: `--lr 0.005`", ExperimentReport.Header(cli with { Recipe = TrainingRecipe.None }));
        Assert.DoesNotContain("instead", ExperimentReport.Header(cli));
        // Prediction windows a multiple of the training patch in mm.
        Assert.Equal(0, cpu.Prediction.WindowMm!.Value % runs[0].PatchMm!.Value);
        var settings = new ExperimentSettings(ExperimentProtocol.TwoDThreeD, "d", "o", cpu, ExperimentSettings.AllModels);
        Assert.Equal([0L, 1, 2], settings.AllSeeds);
        Assert.Equal([7L], (settings with { Seeds = [7] }).AllSeeds);
        Assert.Equal([0L], new ExperimentSettings(ExperimentProtocol.TwoDThreeD, "d", "o", ExperimentScale.Quick, ExperimentSettings.AllModels).AllSeeds);
        Assert.Same(cpu, ExperimentScale.Parse("CPU"));
    }

    [Fact]
    public void TheCpuDataHasSixTestCasesPerCluster()
    {
        var synth = SynthOptions.FromPreset("cpu", "out");
        Assert.All(synth.Clusters, c => Assert.True(c.Test >= 6, $"{c.Name}: {c.Test} test cases"));
        Assert.NotNull(synth.FieldOfViewMm);
    }

    [Fact]
    public void AProtocolRunsOneOfItsTrainingSetsOnRequest()
    {
        var only = ExperimentProtocol.ThreeD.Only("3D-1mm");
        Assert.Equal(["3d-1mm"], only.TrainingSets.Select(t => t.Name));
        Assert.Equal(ExperimentProtocol.ThreeD.TestGroups, only.TestGroups);
        var e = Assert.Throws<UserInputException>(() => ExperimentProtocol.TwoDThreeD.Only("3d-1mm"));
        Assert.Contains("3d+2d", e.Message);
    }
}
