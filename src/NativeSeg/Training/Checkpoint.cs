using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Nets;
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
        string target = Path.Combine(modelDir, Folder), fresh = target + ".new", old = target + ".old";
        if (Directory.Exists(fresh)) Directory.Delete(fresh, true);
        ModelDirectory.Save(fresh, net, config);
        using (var w = new BinaryWriter(File.Create(Path.Combine(fresh, OptimizerFile)))) optimizer.save_state_dict(w);
        var json = new JsonObject
        {
            ["epoch"] = state.Epoch,
            ["random_state"] = new JsonArray(state.RandomState.Select(x => (JsonNode)x.ToString()).ToArray()),
            ["best_loss"] = double.IsFinite(state.BestLoss) ? state.BestLoss : null,
            ["best_epoch"] = state.BestEpoch,
            ["epochs_without_improvement"] = state.EpochsWithoutImprovement,
            ["torch_rng_state"] = Convert.ToBase64String(state.TorchRngState),
        };
        File.WriteAllText(Path.Combine(fresh, StateFile), json.ToJsonString());
        logs?.Invoke(fresh);
        if (Directory.Exists(old)) Directory.Delete(old, true);
        if (Directory.Exists(target)) Directory.Move(target, old);
        Directory.Move(fresh, target);
        if (Directory.Exists(old)) Directory.Delete(old, true);
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
        catch (Exception e) when (e is JsonException or NullReferenceException or FormatException or InvalidOperationException)
        {
            model.Net.Dispose();
            throw new InvalidDataException($"{path}: damaged checkpoint state ({e.Message.Split('\n')[0]})");
        }
    }

    public static void LoadOptimizer(string checkpointDir, OptimizerHelper optimizer)
    {
        string path = Path.Combine(checkpointDir, OptimizerFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: optimizer state missing");
        using var r = new BinaryReader(File.OpenRead(path));
        optimizer.load_state_dict(r);
    }

    public static byte[] TorchRngState()
    {
        using var state = random.get_rng_state();
        return state.data<byte>().ToArray();
    }

    public static void RestoreTorchRng(byte[] bytes)
    {
        using var state = tensor(bytes, ScalarType.Byte);
        random.set_rng_state(state);
    }
}
