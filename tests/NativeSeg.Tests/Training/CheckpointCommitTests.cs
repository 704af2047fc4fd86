using NativeSeg.Nets.Model;
using NativeSeg.Training;

namespace NativeSeg.Tests.Training;

/// <summary>
/// Crash consistency of the checkpoint commit: killed between any two of its file operations — and killed again
/// anywhere in the next commit — the model folder still holds one whole checkpoint, its logs hold exactly its epochs,
/// and no epoch whose commit finished is lost.
/// </summary>
public class CheckpointCommitTests
{
    [Fact]
    public void TwoKillsAtAnyPointsLeaveOneWholeCheckpointWithItsEpochsRows()
    {
        using var dir = new TempFolder();
        var config = new ModelConfig { Kind = ModelKind.UNet, Features = 2, Levels = 2, KernelVoxels = 3 };
        using var net = NetFactory.Create(config);
        var optimizer = TorchSharp.torch.optim.Adam(net.parameters(), 1e-3);
        var rng = Checkpoint.TorchRngState();
        CheckpointState State(int epoch) => new(epoch, [1UL, 2UL], 0.5, epoch, 0, rng);
        Action<string> Logs(int epoch) => folder =>
            File.WriteAllLines(Path.Combine(folder, "training.csv"), ["epoch", .. Enumerable.Range(0, epoch + 1).Select(e => e.ToString())]);
        IReadOnlyList<(string Name, Action Run)> Commit(string run, int epoch) => Checkpoint.CommitSteps(run, net, config, optimizer, State(epoch), Logs(epoch));

        string committed = dir.File("committed");
        Checkpoint.Save(committed, net, config, optimizer, State(0), Logs(0));
        int steps = Commit(committed, 1).Count;
        for (int first = 0; first <= steps; first++)
            for (int second = 0; second <= steps; second++)
            {
                string run = dir.File($"killed-{first}-{second}");
                Copy(committed, run);
                foreach (var (_, step) in Commit(run, 1).Take(first)) step();
                foreach (var (_, step) in Commit(run, 2).Take(second)) step();

                string where = $"killed after {first} then {second} steps";
                string found = Checkpoint.Find(run) ?? throw new Xunit.Sdk.XunitException($"{where}: no checkpoint left");
                var (model, state) = Checkpoint.Load(found);
                model.Net.Dispose();
                int finished = second == steps ? 2 : first == steps ? 1 : 0;
                Assert.True(state.Epoch >= finished && state.Epoch <= 2, $"{where}: epoch {state.Epoch}, {finished} had finished");
                Assert.Equal(state.Epoch + 2, File.ReadAllLines(Path.Combine(found, "training.csv")).Length);
                Directory.Delete(run, true);
            }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.GetDirectories(from)) Copy(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
