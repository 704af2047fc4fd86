using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Tests.Training.Augmentation;
using NativeSeg.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

/// <summary>
/// The training paths under a thread that collects garbage and runs finalizers without pause, so that a temporary
/// TorchSharp Scalar, if any reached libtorch, would be freed during the call that reads it (Equivariant/Torch/KeptScalars).
/// With the loss written as it was in version 0.1 (1 - ..., through TorchSharp's Scalar - Tensor), the first loop fails
/// here within a second on a quiet machine ("Expected false to be true" from c10::Scalar::toFloat), the error that
/// stopped a training run at epoch 22.
/// </summary>
[Collection(GlobalTorchRng.Name)]
public class ScalarLifetimeStressTests(ITestOutputHelper log)
{
    /// <summary>Runs <paramref name="body"/> <paramref name="runs"/> times, or until the time is up, while another thread collects; the count of runs.</summary>
    private static long UnderCollection(TimeSpan time, Action body, long runs = long.MaxValue)
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() => { while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); } }) { IsBackground = true };
        collector.Start();
        long done = 0;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (done < runs && clock.Elapsed < time) { body(); done++; }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        return done;
    }

    [Fact]
    public void LossValidationAndTheOptimizerStepSurviveCollectionsDuringEveryCall()
    {
        var c = AugmentedPatchSamplerTests.BlobCase(new Shape3(12, 12, 10), Spacing.Isotropic(1));
        using var net = NetFactory.Create(new ModelConfig { Kind = ModelKind.UNet, Levels = 2, Features = 4 });
        var optimizer = new LearningRates(1e-3).Optimizer(net);
        var parameters = net.parameters().ToList();
        var p = rand([1, 1, 6, 6, 6], generator: new Generator(1));
        var t = (rand([1, 1, 6, 6, 6], generator: new Generator(2)) > KeepHalf).to_type(ScalarType.Float32);
        double first = SoftDiceLoss.FromProbabilities(p, t).item<float>();
        // A count, not a time: a loaded machine collects more slowly, and the test must still make its 2,000 calls.
        long losses = UnderCollection(TimeSpan.FromMinutes(2), () =>
        {
            using var scope = NewDisposeScope();
            Assert.Equal(first, SoftDiceLoss.FromProbabilities(p, t).item<float>());
            Assert.True(float.IsFinite(TrainingLoss.Compute(LossKind.CrossEntropyDice, p, t).item<float>()));
        }, runs: 2000);
        long steps = UnderCollection(TimeSpan.FromMinutes(2), () =>
        {
            using var scope = NewDisposeScope();
            var (x, y) = (CaseTensor(c.Image, c.Shape), CaseTensor(c.Label.Select(v => (float)v).ToArray(), c.Shape));
            optimizer.zero_grad();
            var loss = TrainingLoss.Compute(LossKind.Dice, net.forward(x, c.Spacing), y);
            loss.backward();
            GuardedStep.Apply(loss.item<float>(), parameters, optimizer, 1.0, out _);
            var (validationLoss, _) = Validation.OnVolumes(net, [c], CPU);
            Assert.True(double.IsFinite(validationLoss));
        }, runs: 10);
        log.WriteLine($"under collection: {losses} losses, {steps} training steps with validation");
        Assert.True(losses == 2000 && steps == 10, $"only {losses} losses and {steps} steps in two minutes each");
    }

    private static readonly TorchSharp.Scalar KeepHalf = NativeSeg.Equivariant.Torch.KeptScalars.Of(0.5);

    private static Tensor CaseTensor(float[] voxels, Shape3 s) => NativeSeg.Equivariant.Torch.VolumeTensors.ToBatch(voxels, s.X, s.Y, s.Z);
}
