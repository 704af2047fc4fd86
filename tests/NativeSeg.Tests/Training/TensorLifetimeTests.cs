using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Inference;
using NativeSeg.Nets.Model;
using NativeSeg.Training;
using TorchSharp;

namespace NativeSeg.Tests.Training;

/// <summary>
/// TorchSharp passes libtorch a tensor's handle and keeps no reference to the tensor during the call, and a Tensor has
/// a finalizer, as a Scalar and a Generator do: a temporary tensor that no DisposeScope holds can be freed while libtorch
/// reads it, a use after free that surfaces, if ever, as a corrupted heap much later. So once a run has started, training
/// steps, validation, checkpoints and prediction create every tensor inside a scope; TorchSharp counts, per thread, the
/// tensors created outside one.
/// </summary>
[Collection(GlobalTorchRng.Name)]
public class TensorLifetimeTests
{
    private sealed class OutsideScopes : ITrainingProgress
    {
        public List<string> Seen { get; } = [];

        public void Started(int firstEpoch, int epochs, int stepsPerEpoch) => DisposeScopeManager.Statistics.Reset();
        public void Step(int epoch, int step, double loss) => Check($"epoch {epoch} step {step}");
        public void EpochDone(EpochRecord record, bool improved) => Check($"epoch {record.Epoch}, after validation and checkpoint");
        public void Message(string text) { }

        private void Check(string when)
        {
            if (DisposeScopeManager.Statistics.CreatedOutsideScopeCount > 0) Seen.Add($"{when}: {DisposeScopeManager.Statistics}");
        }
    }

    // Random grids give the RA-U-Net a new kernel shape, and a convolution path to measure, at almost every patch: the
    // re-acquisition runs with the U-Net, whose cost does not depend on the grid.
    [Theory]
    [InlineData(ModelKind.RaUNet, "patches", 0)]
    [InlineData(ModelKind.UNet, "whole", 0.5)]
    public void TrainingAndPredictionCreateEveryTensorInsideADisposeScope(ModelKind kind, string validation, double gridAugment)
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        var config = kind == ModelKind.UNet ? new ModelConfig { Kind = kind, Features = 4, Levels = 2, KernelVoxels = 3 } : new ModelConfig { Kind = kind, Levels = 2 };
        var outside = new OutsideScopes();
        Trainer.Run(new TrainingOptions
        {
            DataDir = dir.File("data"), OutDir = dir.File("m"), Config = config, Patch = 12, Epochs = 2, StepsPerEpoch = 2, Patience = 50,
            LearningRate = 1e-2, Seed = 7, ForegroundShare = 0.5, GridAugment = gridAugment, ValidateOn = Validation.Parse(validation),
        }, outside);
        Assert.True(outside.Seen.Count == 0, string.Join("\n", outside.Seen));

        var model = ModelDirectory.Load(dir.File("m"));
        using var net = model.Net;
        var predictor = new Predictor(net, new PredictionOptions { Patch = 8 }, model.Config);
        var shape = new Shape3(12, 12, 10);
        var volume = new Volume(shape, Enumerable.Range(0, (int)shape.Count).Select(i => (float)Math.Sin(i)).ToArray(), new Spacing(0.8, 0.8, 1.5),
            Affine.Diagonal(new Spacing(0.8, 0.8, 1.5)));
        DisposeScopeManager.Statistics.Reset();
        Assert.Equal(shape.Count, predictor.Probabilities(volume).Length);
        Assert.True(DisposeScopeManager.Statistics.CreatedOutsideScopeCount == 0, $"prediction: {DisposeScopeManager.Statistics}");
    }
}
