using System.Security.Cryptography;
using System.Text.Json;
using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// Which model made a prediction, and how: written beside every mask as &lt;mask stem&gt;.json and, shortened, into the
/// NIfTI headers' description. Predicting again into the same folder compares records: a case predicted by the same
/// model (its model.json and weights, by hash) with the same settings is skipped; a case another model or other
/// settings made is replaced only when asked (--overwrite).
/// </summary>
public sealed record PredictionRecord(string Model, string Architecture, string ModelHash, string Settings, string NativeSeg)
{
    /// <summary>The image the prediction was made from, when the layout names it (BIDS sidecars); not part of <see cref="SameWork"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    public const string Extension = ".json";

    /// <summary>The record of predicting with the model folder <paramref name="modelDir"/> under <paramref name="settings"/>.</summary>
    public static PredictionRecord For(string modelDir, string architecture, string settings) =>
        new(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDir))), architecture, Hash(modelDir), settings, ProductVersion.Short);

    /// <summary>The record of an ensemble: its members' names and architectures, and one hash over theirs (in any order:
    /// the mean does not depend on it).</summary>
    public static PredictionRecord For(IReadOnlyList<string> modelDirs, IReadOnlyList<string> architectures, string settings)
    {
        if (modelDirs.Count == 1) return For(modelDirs[0], architectures[0], settings);
        var members = modelDirs.Select((d, i) => For(d, architectures[i], settings)).ToList();
        string hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("|", members.Select(m => m.ModelHash).Order(StringComparer.Ordinal)))))[..32];
        return new($"ensemble of {members.Count}: {string.Join(", ", members.Select(m => m.Model))}", "ensemble", hash, settings, ProductVersion.Short);
    }

    /// <summary>The header description: "nativeseg 0.2.0 ra-unet model 1a2b3c4d5e6f" (at most 80 characters).</summary>
    public string Description => $"nativeseg {NativeSeg} {Architecture} model {ModelHash[..12]}";

    /// <summary>Same model, same settings: the outputs would be the same.</summary>
    public bool SameWork(PredictionRecord other) => ModelHash == other.ModelHash && Settings == other.Settings;

    public static string PathFor(string maskPath) =>
        Path.Combine(Path.GetDirectoryName(maskPath) ?? "", (Data.NnUNetNames.NiftiStem(maskPath) ?? Path.GetFileName(maskPath)) + Extension);

    public void Write(string maskPath) => AtomicFile.WriteText(PathFor(maskPath), JsonSerializer.Serialize(this, Options));

    /// <summary>The record beside <paramref name="maskPath"/>, or null when there is none or it cannot be read.</summary>
    public static PredictionRecord? Read(string maskPath)
    {
        try { return JsonSerializer.Deserialize<PredictionRecord>(File.ReadAllText(PathFor(maskPath)), Options); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>SHA-256 of model.json and the weights, the first 16 bytes in hex: the model's identity, whatever its folder is called.</summary>
    private static string Hash(string modelDir)
    {
        using var sha = SHA256.Create();
        foreach (var name in new[] { Nets.Model.ModelDirectory.ConfigFile, Nets.Model.ModelDirectory.WeightsFile })
        {
            string path = Path.Combine(modelDir, name);
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!)[..32];
    }
}
