using NativeSeg.Nets.Model;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>The state that makes a run resumable: after which epoch, the sampler's random state and early stopping.</summary>
public sealed record CheckpointState(int Epoch, ulong[] RandomState, double BestLoss, int BestEpoch, int EpochsWithoutImprovement, byte[] TorchRngState);

/// <summary>
/// checkpoint/ in the model folder: the latest weights (a model folder of its own), optimizer.bin (Adam's
/// moments and step counts) and state.json. A new checkpoint is written completely into checkpoint.new/ and
/// then swapped in, so a kill at any moment leaves one whole checkpoint (checkpoint/ or checkpoint.old/).
/// </summary>
public static class Checkpoint
{
    public const string Folder = "checkpoint";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";

    /// <param name="logs">Writes the run's logs (training.csv, diagnostics.csv) into the new checkpoint folder before the
    /// swap, so the checkpoint and its epochs' rows are committed together: a kill between the swap and the model
    /// folder's own csv writes loses no finished epoch's row (resume takes the checkpoint's copy).</param>
    public static void Save(string modelDir, SegmentationNet net, ModelConfig config, OptimizerHelper optimizer, CheckpointState state, Action<string>? logs = null)
    {
        foreach (var (_, run) in CommitSteps(modelDir, net, config, optimizer, state, logs)) run();
    }

    /// <summary>
    /// <see cref="Save"/>'s file operations in order. A kill between any two of them leaves one whole checkpoint whose
    /// logs hold exactly its epochs (the crash-consistency test runs every prefix of this list).
    /// </summary>
    public static IReadOnlyList<(string Name, Action Run)> CommitSteps(string modelDir, SegmentationNet net, ModelConfig config, OptimizerHelper optimizer, CheckpointState state,
        Action<string>? logs = null)
    {
        string target = Path.Combine(modelDir, Folder), fresh = target + ".new", old = target + ".old";
        return
        [
            ("clear " + fresh, () => { if (Directory.Exists(fresh)) Directory.Delete(fresh, true); }),
            ("weights into " + fresh, () => ModelDirectory.Save(fresh, net, config)),
            ("optimizer into " + fresh, () => { using var w = new BinaryWriter(File.Create(Path.Combine(fresh, OptimizerFile))); optimizer.save_state_dict(w); }),
            ("state into " + fresh, () => File.WriteAllText(Path.Combine(fresh, StateFile), StateJson(state))),
            ("logs into " + fresh, () => logs?.Invoke(fresh)),
            // Without checkpoint/ (a kill after the last retire), checkpoint.old/ is the only whole one: keep it until the promote.
            ("clear " + old, () => { if (Directory.Exists(old) && Directory.Exists(target)) Directory.Delete(old, true); }),
            ("retire " + target, () => { if (Directory.Exists(target)) Directory.Move(target, old); }),
            ("promote " + fresh, () => Directory.Move(fresh, target)),
            ("drop " + old, () => { if (Directory.Exists(old)) Directory.Delete(old, true); }),
        ];
    }

    private static string StateJson(CheckpointState state)
    {
        var json = new JsonObject
        {
            ["epoch"] = state.Epoch,
            ["random_state"] = new JsonArray(state.RandomState.Select(x => (JsonNode)x.ToString()).ToArray()),
            ["best_loss"] = double.IsFinite(state.BestLoss) ? state.BestLoss : null,
            ["best_epoch"] = state.BestEpoch,
            ["epochs_without_improvement"] = state.EpochsWithoutImprovement,
            ["torch_rng_state"] = Convert.ToBase64String(state.TorchRngState),
        };
        return json.ToJsonString();
    }

    /// <summary>The folder holding the newest complete checkpoint, or null when there is none.</summary>
    public static string? Find(string modelDir)
    {
        foreach (var name in new[] { Folder, Folder + ".old" })
        {
            string dir = Path.Combine(modelDir, name);
            if (File.Exists(Path.Combine(dir, StateFile))) return dir;
        }
        return null;
    }

    public static (LoadedModel Model, CheckpointState State) Load(string checkpointDir)
    {
        var model = ModelDirectory.Load(checkpointDir);
        string path = Path.Combine(checkpointDir, StateFile);
        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var state = new CheckpointState(
                o["epoch"]!.GetValue<int>(),
                o["random_state"]!.AsArray().Select(x => ulong.Parse(x!.GetValue<string>())).ToArray(),
                o["best_loss"]?.GetValue<double>() ?? double.PositiveInfinity,
                o["best_epoch"]!.GetValue<int>(),
                o["epochs_without_improvement"]!.GetValue<int>(),
                Convert.FromBase64String(o["torch_rng_state"]!.GetValue<string>()));
            return (model, state);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or FormatException or UserInputException or InvalidOperationException)
        {
            model.Net.Dispose();
            throw new InvalidDataException($"{path}: damaged checkpoint state ({e.Message.Split('\n')[0]}); {CannotResume(checkpointDir)}");
        }
    }

    public static void LoadOptimizer(string checkpointDir, OptimizerHelper optimizer)
    {
        string path = Path.Combine(checkpointDir, OptimizerFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: optimizer state missing; {CannotResume(checkpointDir)}");
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            optimizer.load_state_dict(r);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or UserInputException or ArgumentException or InvalidCastException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: damaged optimizer state ({e.Message.Split('\n')[0].TrimEnd('.')}); {CannotResume(checkpointDir)}");
        }
    }

    /// <summary>What a user can do when the checkpoint cannot be read: the best model so far is a model folder of its own.</summary>
    private static string CannotResume(string checkpointDir) =>
        $"this run cannot be resumed: train again with another --out (the best model so far stays usable in {Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(checkpointDir))})";

    public static byte[] TorchRngState()
    {
        using var scope = NewDisposeScope();
        return random.get_rng_state().data<byte>().ToArray();
    }

    public static void RestoreTorchRng(byte[] bytes)
    {
        using var state = tensor(bytes, ScalarType.Byte);
        random.set_rng_state(state);
    }
}
