using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Training;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

[Collection(GlobalTorchRng.Name)]
public class TrainerTests
{
    private static ModelConfig Tiny(ModelKind kind) => kind.Architecture() == Architecture.RaUNet
        ? new ModelConfig { Kind = kind, IrrepsMultiplicity = 1, Levels = 2, KernelMm = 3, PoolMm = 2 }
        : new ModelConfig { Kind = kind, Features = 4, Levels = 2, KernelVoxels = 3 };

    private static TrainingOptions Options(string data, string output, ModelKind kind, int epochs) => new()
    {
        DataDir = data, OutDir = output, Config = Tiny(kind), Patch = 12, Epochs = epochs, StepsPerEpoch = 6,
        Patience = 50, LearningRate = 1e-2, Seed = 7, ForegroundShare = 0.5,
    };

    [Theory]
    [InlineData(ModelKind.UNet)]
    [InlineData(ModelKind.RaUNet)]
    [InlineData(ModelKind.UNet1mm)]
    [InlineData(ModelKind.RaUNet1mm)]
    public void ValidationLossFallsOnBlobs(ModelKind kind)
    {
        using var dir = new TempFolder();
        // the 1 mm models get 1.5 mm data so that their cache really resamples
        bool resampled = !kind.Preprocessing().Grid.IsNative;
        var spacing = resampled ? Spacing.Isotropic(1.5) : Spacing.Isotropic(1);
        BlobDataset.Write(dir.File("data"), 4, new Shape3(12, 12, 12), spacing);
        var summary = Trainer.Run(Options(dir.File("data"), dir.File("model"), kind, kind.Architecture() == Architecture.RaUNet ? 5 : 4));
        Assert.True(summary.Log[^1].ValidationLoss < summary.Log[0].ValidationLoss,
            $"validation loss {string.Join(" -> ", summary.Log.Select(r => r.ValidationLoss.ToString("0.000")))}");
        Assert.True(File.Exists(dir.File("model/model.json")));
        Assert.True(File.Exists(dir.File("model/training.png")));
        Assert.Equal(summary.Log.Count, File.ReadAllLines(dir.File("model/training.csv")).Length - 1);
        var loaded = ModelDirectory.Load(dir.File("model"));
        using var net = loaded.Net;
        Assert.Equal(kind, loaded.Config.Kind);
        if (resampled)
        {
            var cached = Directory.GetFiles(dir.File("model/resampled-1mm/imagesTr"));
            Assert.Equal(4, cached.Length);
            var v = NiftiReader.Read(cached[0]);
            Assert.True(v.Spacing.ApproximatelyEquals(Spacing.Isotropic(1)));
            Assert.Equal(18, v.Shape.X);   // 12 voxels of 1.5 mm = 18 mm
            Assert.Equal([Spacing.Isotropic(1)], loaded.Config.TrainingSpacings);
        }
    }

    [Fact]
    public void ResumingGivesTheWeightsOfTheUninterruptedRun()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        Trainer.Run(Options(dir.File("data"), dir.File("straight"), ModelKind.UNet, 3));
        Trainer.Run(Options(dir.File("data"), dir.File("resumed"), ModelKind.UNet, 2));
        var interrupted = Options(dir.File("data"), dir.File("resumed"), ModelKind.UNet, 3);
        Assert.Throws<UserInputException>(() => Trainer.Run(interrupted));   // needs --resume
        var summary = Trainer.Run(interrupted with { Resume = true });
        Assert.Equal(1, summary.EpochsRun);

        AssertSameCheckpointWeights(dir.File("straight"), dir.File("resumed"));
        Assert.Equal(File.ReadAllLines(dir.File("straight/training.csv")).Select(l => string.Join(',', l.Split(',')[..4])),
                     File.ReadAllLines(dir.File("resumed/training.csv")).Select(l => string.Join(',', l.Split(',')[..4])));
    }

    /// <summary>
    /// A kill after the checkpoint swap but before the model folder's training.csv / diagnostics.csv were rewritten
    /// (simulated by restoring both files to their state one epoch earlier) loses no row: resume takes the logs
    /// committed inside the checkpoint.
    /// </summary>
    [Fact]
    public void AKillBetweenCheckpointAndLogWritesLosesNoEpochRow()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        Trainer.Run(Options(dir.File("data"), dir.File("straight"), ModelKind.UNet, 3));
        var run = Options(dir.File("data"), dir.File("killed"), ModelKind.UNet, 2);
        Trainer.Run(run);
        foreach (var file in new[] { "training.csv", "diagnostics.csv" })
        {
            string path = dir.File($"killed/{file}");
            var lines = File.ReadAllLines(path);
            File.WriteAllLines(path, lines.Where((l, i) => i == 0 || !l.StartsWith("1,", StringComparison.Ordinal)));
        }
        Trainer.Run(run with { Epochs = 3, Resume = true });
        static IEnumerable<string> Columns(string path) => File.ReadAllLines(path).Select(l => string.Join(',', l.Split(',')[..4]));
        Assert.Equal(Columns(dir.File("straight/training.csv")), Columns(dir.File("killed/training.csv")));
        Assert.Equal(File.ReadAllLines(dir.File("straight/diagnostics.csv")).Length, File.ReadAllLines(dir.File("killed/diagnostics.csv")).Length);
    }

    /// <summary>The poly rate is a function of the epoch and the run's epoch limit, so a run stopped by its time budget and
    /// resumed follows the same curve; and it is wired: the weights differ from the constant rate's.</summary>
    [Fact]
    public void ThePolyScheduleResumesOnItsCurveAndChangesTheRun()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        var poly = Options(dir.File("data"), dir.File("straight"), ModelKind.UNet, 3) with { Schedule = LearningRateSchedule.Poly };
        Trainer.Run(poly);
        Trainer.Run(Options(dir.File("data"), dir.File("constant"), ModelKind.UNet, 3));
        var interrupted = poly with { OutDir = dir.File("resumed") };
        Assert.Equal(StopReason.TimeBudget, Trainer.Run(interrupted with { MaxMinutes = 1e-6 }).Reason);
        Trainer.Run(interrupted with { Resume = true });
        AssertSameCheckpointWeights(dir.File("straight"), dir.File("resumed"));
        var a = ModelDirectory.Load(Path.Combine(dir.File("straight"), Checkpoint.Folder));
        var b = ModelDirectory.Load(Path.Combine(dir.File("constant"), Checkpoint.Folder));
        using var na = a.Net;
        using var nb = b.Net;
        Assert.True(na.parameters().Zip(nb.parameters()).Max(p => (p.First - p.Second).abs().max().item<float>()) > 1e-4);
    }

    private static void AssertSameCheckpointWeights(string modelA, string modelB)
    {
        var a = ModelDirectory.Load(Path.Combine(modelA, Checkpoint.Folder));
        var b = ModelDirectory.Load(Path.Combine(modelB, Checkpoint.Folder));
        using var na = a.Net;
        using var nb = b.Net;
        foreach (var (pa, pb) in na.parameters().Zip(nb.parameters()))
            Assert.Equal(0f, (pa - pb).abs().max().item<float>(), 6);
    }

    /// <summary>Throws a libtorch-style failure once, at the first step of <paramref name="epoch"/>.</summary>
    private sealed class FailOnce(int epoch) : ITrainingProgress
    {
        public int Failures { get; private set; }
        public List<string> Messages { get; } = [];
        public void Started(int firstEpoch, int epochs, int stepsPerEpoch) { }
        public void Step(int e, int step, double loss)
        {
            if (e != epoch || step != 0 || Failures > 0) return;
            Failures++;
            throw new System.Runtime.InteropServices.ExternalException("INTERNAL ASSERT FAILED (simulated)\nframe #0");
        }
        public void EpochDone(EpochRecord record, bool improved) { }
        public void Message(string text) => Messages.Add(text);
    }

    [Fact]
    public void ATorchFailureInUnattendedTrainingContinuesFromTheCheckpointExactly()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        Trainer.Run(Options(dir.File("data"), dir.File("straight"), ModelKind.UNet, 3));
        var failing = new FailOnce(epoch: 1);
        var summary = RestartingTraining.Run(Options(dir.File("data"), dir.File("restarted"), ModelKind.UNet, 3), failing);
        Assert.Equal(1, failing.Failures);
        Assert.Contains(failing.Messages, m => m.Contains("continuing from the latest checkpoint") && !m.Contains('\n'));
        Assert.Equal(2, summary.EpochsRun);   // epochs 1 and 2 after the restart

        AssertSameCheckpointWeights(dir.File("straight"), dir.File("restarted"));
    }

    /// <summary>`train` retries once: a second failure is reported, with the checkpoint of the last finished epoch kept.</summary>
    [Fact]
    public void InteractiveTrainingRetriesOnceAndThenReports()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 12), Spacing.Isotropic(1));
        var failing = new FailOnce(epoch: 1);
        var summary = RestartingTraining.Run(Options(dir.File("data"), dir.File("once"), ModelKind.UNet, 3), failing, maxRestarts: 1);
        Assert.Equal((1, 2), (failing.Failures, summary.LastEpoch));
        var twice = new FailEveryTime(epoch: 1);
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() =>
            RestartingTraining.Run(Options(dir.File("data"), dir.File("twice"), ModelKind.UNet, 3), twice, maxRestarts: 1));
        Assert.Equal(2, twice.Failures);
        Assert.NotNull(Checkpoint.Find(dir.File("twice")));
    }

    private sealed class FailEveryTime(int epoch) : ITrainingProgress
    {
        public int Failures { get; private set; }
        public void Started(int firstEpoch, int epochs, int stepsPerEpoch) { }
        public void Step(int e, int step, double loss)
        {
            if (e != epoch || step != 0) return;
            Failures++;
            throw new System.Runtime.InteropServices.ExternalException("INTERNAL ASSERT FAILED (simulated)");
        }
        public void EpochDone(EpochRecord record, bool improved) { }
        public void Message(string text) { }
    }

    [Fact]
    public void BadCasesAreAllListedBeforeTraining()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(8, 8, 8), Spacing.Isotropic(1));
        var other = new Volume(new Shape3(8, 8, 6), new float[384], Spacing.Isotropic(1), Affine.Diagonal(Spacing.Isotropic(1)));
        NiftiWriter.WriteMask(other, new byte[384], dir.File("data/labelsTr/case000.nii.gz"));
        var twos = new Volume(new Shape3(8, 8, 8), Enumerable.Repeat(2f, 512).ToArray(), Spacing.Isotropic(1), Affine.Diagonal(Spacing.Isotropic(1)));
        NiftiWriter.Write(twos, dir.File("data/labelsTr/case002.nii.gz"));
        var e = Assert.Throws<InvalidDataException>(() => Trainer.Run(Options(dir.File("data"), dir.File("m"), ModelKind.UNet, 1)));
        Assert.Contains("2 bad case(s)", e.Message);
        Assert.Contains("case000", e.Message);
        Assert.Contains("case002", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(dir.File("m/checkpoint")));
    }

    [Fact]
    public void SoftDiceMatchesItsFormula()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0f, 2f, -1f, 3f }).reshape(1, 1, 4, 1, 1);
        var target = tensor(new float[] { 0f, 1f, 0f, 1f }).reshape(1, 1, 4, 1, 1);
        double[] p = [0.5, 1 / (1 + Math.Exp(-2)), 1 / (1 + Math.Exp(1)), 1 / (1 + Math.Exp(-3))];
        double expected = 1 - (2 * (p[1] + p[3]) + 1) / (p.Sum() + 2 + 1);
        Assert.Equal(expected, SoftDiceLoss.Compute(logits, target).item<float>(), 5);
        Assert.Equal(0, SoftDiceLoss.Compute(full(new long[] { 1, 1, 3, 1, 1 }, -30f), zeros(new long[] { 1, 1, 3, 1, 1 })).item<float>(), 6);
    }
}
