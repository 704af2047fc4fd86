using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Nets;

/// <summary>
/// <see cref="ModelConfig"/> as the "config" object of model.json (snake_case keys). Missing keys take the
/// defaults, so files written before a field existed still load; a key of the wrong type is an error.
/// </summary>
public static class ModelConfigJson
{
    public static JsonObject ToJson(ModelConfig c) => new()
    {
        ["architecture"] = c.Architecture.Name(),
        ["preprocessing"] = new JsonObject
        {
            ["grid"] = c.Preprocessing.Grid.Target is { } t ? new JsonArray(t.X, t.Y, t.Z) : "native",
            ["intensity"] = "zscore-nonzero",
            ["image"] = c.Preprocessing.Image.Name(),
            ["mask"] = c.Preprocessing.Mask.Name(),
            ["probabilities"] = c.Preprocessing.Probabilities.Name(),
        },
        ["input_channels"] = c.InputChannels,
        ["classes"] = c.Classes,
        ["levels"] = c.Levels,
        ["irreps_multiplicity"] = c.IrrepsMultiplicity,
        ["irreps_level0"] = c.Architecture == Architecture.RaUNet ? LevelIrreps.Features(c.IrrepsMultiplicity).ToString() : null,
        ["kernel_mm"] = c.KernelMm,
        ["pool_mm"] = c.PoolMm,
        ["radial_basis"] = c.RadialBasis,
        ["radial_cutoff"] = c.RadialCutoff,
        ["level_spacing"] = c.LevelSpacing == LevelSpacingRule.Actual ? "actual" : "published",
        ["filter_lmax"] = c.FilterLmax,
        ["features"] = c.Features,
        ["kernel_voxels"] = c.KernelVoxels,
        ["dropout"] = c.Dropout,
        ["normalization"] = c.Normalization,
        ["training_spacings"] = new JsonArray(c.TrainingSpacings.Select(s => (JsonNode)new JsonArray(s.X, s.Y, s.Z)).ToArray()),
    };

    /// <exception cref="FormatException">a field has the wrong type or an unknown value</exception>
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

    public static ModelConfig FromJson(JsonObject o)
    {
        var d = new ModelConfig();
        T Get<T>(string key, T fallback)
        {
            var node = o[key];
            if (node is null) return fallback;
            try { return node.GetValue<T>(); }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new FormatException($"field '{key}' has the wrong type (expected {typeof(T).Name})");
            }
        }
        // Version 1 named a kind (architecture and grid in one); version 2 stores both.
        Architecture architecture;
        Preprocessing preprocessing;
        if (o["architecture"] is not null)
        {
            architecture = Architectures.Parse(Get("architecture", ""));
            preprocessing = ReadPreprocessing(o["preprocessing"] as JsonObject ?? throw new FormatException("field 'preprocessing' is missing"));
        }
        else if (o["kind"] is not null)
        {
            var kind = ModelKinds.Parse(Get("kind", ""));
            (architecture, preprocessing) = (kind.Architecture(), kind.Preprocessing());
        }
        else throw new FormatException("field 'architecture' is missing");
        return new ModelConfig
        {
            Architecture = architecture,
            Preprocessing = preprocessing,
            InputChannels = Get("input_channels", d.InputChannels),
            Classes = Get("classes", d.Classes),
            Levels = Get("levels", d.Levels),
            IrrepsMultiplicity = Get("irreps_multiplicity", d.IrrepsMultiplicity),
            KernelMm = Get("kernel_mm", d.KernelMm),
            PoolMm = Get("pool_mm", d.PoolMm),
            RadialBasis = Get("radial_basis", d.RadialBasis),
            RadialCutoff = Get("radial_cutoff", d.RadialCutoff),
            LevelSpacing = KernelPlan.ParseRule(Get("level_spacing", "actual")),
            FilterLmax = Get("filter_lmax", d.FilterLmax),
            Features = Get("features", d.Features),
            KernelVoxels = Get("kernel_voxels", d.KernelVoxels),
            Dropout = Get("dropout", d.Dropout),
            Normalization = Get("normalization", d.Normalization),
            TrainingSpacings = o["training_spacings"] is JsonArray spacings
                ? spacings.Select(s => s is JsonArray { Count: 3 } a && a.All(v => v is not null)
                    ? new Spacing(a[0]!.GetValue<double>(), a[1]!.GetValue<double>(), a[2]!.GetValue<double>())
                    : throw new FormatException("field 'training_spacings' must hold [x, y, z] triples")).ToList()
                : d.TrainingSpacings,
        };
    }

    private static Preprocessing ReadPreprocessing(JsonObject o)
    {
        Interpolation Method(string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var name)
            ? InterpolationNames.Parse(name) : throw new FormatException($"field 'preprocessing.{key}' is missing or not a string");
        var grid = o["grid"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && s == "native" => InputGrid.Native,
            JsonArray { Count: 3 } a when a.All(x => x is JsonValue xv && xv.TryGetValue<double>(out var d) && d > 0 && double.IsFinite(d))
                => InputGrid.Resampled(new Spacing(a[0]!.GetValue<double>(), a[1]!.GetValue<double>(), a[2]!.GetValue<double>())),
            _ => throw new FormatException("field 'preprocessing.grid' must be \"native\" or [x, y, z] positive spacings in mm"),
        };
        if (o["intensity"]?.ToString() is not "zscore-nonzero") throw new FormatException("field 'preprocessing.intensity': expected zscore-nonzero");
        return new Preprocessing { Grid = grid, Image = Method("image"), Mask = Method("mask"), Probabilities = Method("probabilities") };
    }

    public static string Serialize(ModelConfig c) => ToJson(c).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
