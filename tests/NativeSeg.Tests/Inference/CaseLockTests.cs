using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Inference;
using NativeSeg.Nets.Model;

namespace NativeSeg.Tests.Inference;

/// <summary>Two processes predicting one folder: a case under another's lock is left to it, shown as running, and its
/// temporaries are not touched; a lock file nobody holds is a leftover.</summary>
[Collection("Console")]
public class CaseLockTests
{
    [Fact]
    public void ACaseAnotherProcessHoldsIsLeftToItAndShownRunning()
    {
        using var tmp = new TempFolder();
        var (input, output, runner) = Folder(tmp, out var net);
        using (net)
        {
            var b = PredictionPlan.Resolve(input, output, probabilities: false).Single(c => c.Name == "b");
            Directory.CreateDirectory(output);
            string bTemporary = Path.Combine(output, ".b.nii.gz.0123.tmp");   // the other process is writing b
            File.WriteAllBytes(bTemporary, [1]);
            using (var other = CaseLock.TryTake(b))
            {
                Assert.NotNull(other);
                Assert.Null(CaseLock.TryTake(b));
                var (_, during, _) = CliCapture.Run("status", "--input", input, "--output", output);
                Assert.Contains("running: b", during);
                Assert.Contains("0 of 3 case(s) done, 1 running, 0 partial, 2 missing", during);

                runner.Run(input, output, probabilities: false);
                Assert.Equal(["b"], runner.LeftToOthers);
                Assert.True(File.Exists(Path.Combine(output, "a.nii.gz")) && File.Exists(Path.Combine(output, "c.nii.gz")));
                Assert.False(File.Exists(b.MaskPath));
                Assert.True(File.Exists(bTemporary));
                Assert.False(File.Exists(CaseLock.PathFor(PredictionPlan.Resolve(input, output, false).Single(c => c.Name == "a"))));
            }
            Assert.False(File.Exists(CaseLock.PathFor(b)));
            File.Delete(bTemporary);

            runner.Run(input, output, probabilities: false, keepComplete: true);
            Assert.Empty(runner.LeftToOthers);
            Assert.True(File.Exists(b.MaskPath));
            var (code, after, _) = CliCapture.Run("status", "--input", input, "--output", output);
            Assert.Equal((0, true), (code, after.Contains("3 of 3 case(s) done, 0 running")));
            Assert.Empty(Directory.GetFiles(output, ".*"));
        }
    }

    [Fact]
    public void ALockFileNobodyHoldsIsALeftover()
    {
        using var tmp = new TempFolder();
        var (input, output, runner) = Folder(tmp, out var net);
        using (net)
        {
            var a = PredictionPlan.Resolve(input, output, probabilities: false).Single(c => c.Name == "a");
            Directory.CreateDirectory(output);
            File.WriteAllBytes(CaseLock.PathFor(a), []);   // left by a killed process: the kernel released its lock
            Assert.False(CaseLock.IsHeld(a));
            var (_, before, _) = CliCapture.Run("status", "--input", input, "--output", output);
            Assert.Contains("0 running, 0 partial, 3 missing", before);

            runner.Run(input, output, probabilities: false);
            Assert.Empty(runner.LeftToOthers);
            Assert.True(File.Exists(a.MaskPath));
            Assert.False(File.Exists(CaseLock.PathFor(a)));
        }
    }

    /// <summary>A case the plan found missing but another process completed before this one took its lock is kept.</summary>
    [Fact]
    public void ACaseFinishedElsewhereAfterThePlanIsKept()
    {
        using var tmp = new TempFolder();
        var (input, output, _) = Folder(tmp, out var net);
        using (net)
        {
            string bMask = Path.Combine(output, "b.nii.gz");
            var inner = Predictors.Create(net.Config, net, new PredictionOptions { Patch = 8 });
            var runner = new PredictionRunner(new FinishingElsewhere(inner, bMask));
            runner.Run(input, output, probabilities: false, keepComplete: true);
            Assert.Equal([7], File.ReadAllBytes(bMask));
            Assert.True(File.Exists(Path.Combine(output, "c.nii.gz")));
        }
    }

    /// <summary>Predicts, and while predicting the first case writes another case's mask, as a second process would.</summary>
    private sealed class FinishingElsewhere(IVolumePredictor inner, string otherMask) : IVolumePredictor
    {
        public Prediction Predict(Volume volume, IPredictionProgress? progress = null)
        {
            if (!File.Exists(otherMask)) File.WriteAllBytes(otherMask, [7]);
            return inner.Predict(volume, progress);
        }
    }

    private static (string Input, string Output, PredictionRunner Runner) Folder(TempFolder tmp, out UNet net)
    {
        string input = Directory.CreateDirectory(tmp.File("in")).FullName, output = tmp.File("out");
        foreach (var (name, seed) in new[] { ("a", 1), ("b", 2), ("c", 3) })
            InferenceFiles.Write(Path.Combine(input, $"{name}_0000.nii.gz"), new Shape3(8, 8, 6), seed: seed, affine: Affine.Diagonal(Spacing.Isotropic(1)));
        net = new UNet(new ModelConfig { Kind = ModelKind.UNet, Levels = 2, Features = 2, KernelVoxels = 3 });
        return (input, output, new PredictionRunner(Predictors.Create(net.Config, net, new PredictionOptions { Patch = 8 })));
    }
}
