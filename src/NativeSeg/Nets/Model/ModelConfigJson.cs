using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NativeSeg.Nets.Model;

/// <summary>
/// <see cref="ModelConfig"/> as the "config" object of model.json, through the source-generated
/// <see cref="ModelJsonContext"/> (snake_case keys, enums by their declared names). Missing keys take the defaults,
/// so files written before a field existed still load; a key of the wrong type or value is a <see cref="FormatException"/>
/// naming it. Version-1 files (a "kind" for architecture and grid together) are migrated on reading.
/// </summary>
public static class ModelConfigJson
{
    /// <summary>How model.json and model-info print JSON: indented, "+" in irreps not escaped.</summary>
    public static JsonSerializerOptions TextOptions { get; } = new(ModelJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><see cref="TextOptions"/> on one line (model-info).</summary>
    public static JsonSerializerOptions LineOptions { get; } = new(TextOptions) { WriteIndented = false };

    public static JsonObject ToJson(ModelConfig c) => JsonSerializer.SerializeToNode(c, ModelJsonContext.Default.ModelConfig)!.AsObject();

    /// <summary>
    /// The architecture fields (everything but the informative training spacings) where <paramref name="a"/> and
    /// <paramref name="b"/> differ, as "name a, not b" in model.json's spelling; empty when they build the same network.
    /// </summary>
    public static IReadOnlyList<string> ArchitectureDifferences(ModelConfig a, ModelConfig b)
    {
        var x = ToJson(a with { TrainingSpacings = [] });
        var y = ToJson(b with { TrainingSpacings = [] });
        return x.Select(kv => kv.Key)
            .Where(k => !JsonNode.DeepEquals(x[k], y[k]))
            .Select(k => $"{k} {x[k]?.ToJsonString()}, not {y[k]?.ToJsonString()}")
            .ToList();
    }

    /// <exception cref="FormatException">a field has the wrong type or an unknown value</exception>
    public static ModelConfig FromJson(JsonObject o)
    {
        o = Migrate(o);
        try { return o.Deserialize(ModelJsonContext.Default.ModelConfig) ?? throw new UserInputException("field 'config' is null"); }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } path ? path[2..] : "config";
            throw new UserInputException($"field '{field}': {FirstSentence(e.Message)}");
        }
    }

    /// <summary>Version 1 named a kind (architecture and grid in one); version 2 stores both.</summary>
    private static JsonObject Migrate(JsonObject o)
    {
        if (o["architecture"] is not null || o["kind"] is not JsonValue kindNode) return o;
        if (!kindNode.TryGetValue<string>(out var name)) throw new UserInputException("field 'kind' has the wrong type (expected a string)");
        var kind = ModelKinds.Parse(name);
        var copy = o.DeepClone().AsObject();
        copy.Remove("kind");
        copy["architecture"] = kind.Architecture().Name();
        copy["preprocessing"] = JsonSerializer.SerializeToNode(kind.Preprocessing(), ModelJsonContext.Default.Preprocessing);
        return copy;
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Replace("\n", " ").TrimEnd('.');
    }

    public static string Serialize(ModelConfig c) => JsonSerializer.Serialize(c, TextOptions);
}
