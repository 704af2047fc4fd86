using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Model;

/// <summary>A network with the configuration it was built from.</summary>
public sealed record LoadedModel(ModelConfig Config, SegmentationNet Net);

/// <summary>
/// A model on disk: a folder with model.json (format, version, the <see cref="ModelConfig"/>, parameter count)
/// and weights.bin (TorchSharp's module format: parameters and buffers). Each file is written under a
/// temporary name and renamed, weights first, so an interrupted save never leaves a model.json that
/// describes weights which are not there.
/// </summary>
public static class ModelDirectory
{
    public const string ConfigFile = "model.json";
    public const string WeightsFile = "weights.bin";
    public const string Format = "nativeseg-model";
    /// <summary>2: architecture and preprocessing instead of a kind; version 1 files still load.</summary>
    public const int Version = 2;

    /// <summary>
    /// The model folders a path names: itself when it holds model.json, else its subfolders that do (name order) — a
    /// folder of several models, as an experiment's models/ or a set of folds.
    /// </summary>
    public static IReadOnlyList<string> Members(string path)
    {
        if (File.Exists(Path.Combine(path, ConfigFile))) return [path];
        if (!Directory.Exists(path)) throw new UserInputException($"{path}: no such model folder");
        var members = Directory.EnumerateDirectories(path).Where(d => File.Exists(Path.Combine(d, ConfigFile))).Order(StringComparer.Ordinal).ToList();
        return members.Count > 0 ? members : throw new UserInputException($"{Path.Combine(path, ConfigFile)}: missing, and no subfolder holds a model");
    }

    public static void Save(string directory, SegmentationNet net, ModelConfig config)
    {
        if (net.Architecture != config.Architecture)
            throw new UserInputException($"{directory}: network {net.Architecture.Name()} does not match the configuration's {config.Architecture.Name()}");
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, WeightsFile), stream => net.save(stream));
        var json = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["parameters"] = net.ParameterCount(),
            ["config"] = ModelConfigJson.ToJson(config),
        };
        var text = json.ToJsonString(ModelConfigJson.TextOptions);
        AtomicFile.WriteText(Path.Combine(directory, ConfigFile), text);
    }

    /// <summary>Reads model.json alone (no weights): the configuration and the recorded parameter count.</summary>
    public static (ModelConfig Config, long Parameters) ReadConfig(string directory)
    {
        string path = Path.Combine(directory, ConfigFile);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: model folder not found");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not a NativeSeg model folder (no {ConfigFile})");
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON ({e.Message.Split('.')[0]})"); }
        if (root["format"]?.GetValue<string>() != Format) throw new InvalidDataException($"{path}: not a NativeSeg model (format is not '{Format}')");
        int version = root["version"]?.GetValue<int>() ?? -1;
        if (version is < 1 or > Version) throw new InvalidDataException($"{path}: model format version {version} is not supported (this build reads 1 to {Version})");
        if (root["config"] is not JsonObject config) throw new InvalidDataException($"{path}: field 'config' is missing");
        try
        {
            var parsed = ModelConfigJson.FromJson(config);
            parsed.Check();
            return (parsed, root["parameters"]?.GetValue<long>() ?? -1);
        }
        catch (Exception e) when (e is UserInputException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }

    /// <summary>Builds the network model.json describes and loads weights.bin into it (strict: every tensor, same shapes).</summary>
    public static LoadedModel Load(string directory, Device? device = null)
    {
        var (config, parameters) = ReadConfig(directory);
        string weights = Path.Combine(directory, WeightsFile);
        if (!File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file missing");
        SegmentationNet net;
        try { net = NetFactory.Create(config); }
        catch (Exception e) when (e is UserInputException or ArgumentException) { throw new InvalidDataException($"{Path.Combine(directory, ConfigFile)}: {e.Message}"); }
        if (parameters >= 0 && parameters != net.ParameterCount())
            throw new InvalidDataException($"{Path.Combine(directory, ConfigFile)}: records {parameters} parameters but its architecture has {net.ParameterCount()}");
        try
        {
            using var stream = File.OpenRead(weights);
            net.load(stream, strict: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            net.Dispose();
            throw new InvalidDataException($"{weights}: weights do not match the {config.Name} architecture of model.json or the file is damaged ({FirstLine(e.Message)})");
        }
        if (NonFiniteTensor(net) is { } name)
        {
            net.Dispose();
            throw new InvalidDataException($"{weights}: tensor '{name}' holds NaN or infinite values; the model is damaged (a diverged training or a corrupted file)");
        }
        if (device is not null && device.type != DeviceType.CPU) net.to(device);
        net.eval();
        return new LoadedModel(config, net);
    }

    /// <summary>The first parameter or floating-point buffer with a NaN or infinite entry (null when all are finite).</summary>
    public static string? NonFiniteTensor(SegmentationNet net)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, t) in net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(net.named_buffers()))
            if (t.is_floating_point() && !isfinite(t).all().item<bool>()) return name;
        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
