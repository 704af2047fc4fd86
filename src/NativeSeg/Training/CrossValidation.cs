using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Imaging;

namespace NativeSeg.Training;

/// <summary>Which fold of a K-fold cross-validation a run trains, and the file its splits are kept in.</summary>
public sealed record Fold(int Folds, int Index, string SplitsPath)
{
    public void Check()
    {
        if (Folds < 2) throw new UserInputException($"--folds {Folds}: expected at least 2");
        if (Index < 0 || Index >= Folds) throw new UserInputException($"--fold {Index}: expected 0 to {Folds - 1} for {Folds} folds");
    }
}

/// <summary>
/// K-fold splits of a dataset's training cases, made once and reused by every fold's run, in nnU-Net's
/// splits_final.json form (a list of {"train": [...], "val": [...]}, one per fold). Stratified by group (spacing
/// cluster): each group's cases, shuffled by the seed, are dealt to the folds in turn, continuing where the previous
/// group stopped, so every fold sees every resolution and fold sizes differ by at most one. Every case is a
/// validation case of exactly one fold.
/// </summary>
public static class CrossValidation
{
    public static IReadOnlyList<IReadOnlyList<string>> Make(IReadOnlyList<(string Case, string Group)> cases, int folds, long seed)
    {
        if (cases.Count < folds) throw new UserInputException($"--folds {folds}: only {cases.Count} training case(s) to split");
        var validation = Enumerable.Range(0, folds).Select(_ => new List<string>()).ToArray();
        var random = new SeededRandom(seed ^ 0xF01D);
        int next = 0;
        foreach (var group in cases.GroupBy(c => c.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var names = group.Select(c => c.Case).Order(StringComparer.Ordinal).ToList();
            for (int i = names.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (names[i], names[j]) = (names[j], names[i]);
            }
            foreach (var name in names)
            {
                validation[next].Add(name);
                next = (next + 1) % folds;
            }
        }
        return validation.Select(v => (IReadOnlyList<string>)v.Order(StringComparer.Ordinal).ToList()).ToList();
    }

    /// <summary>
    /// The splits in <paramref name="path"/>, made and written there first when it does not exist. An existing file
    /// must have <paramref name="folds"/> folds over exactly these cases: splits are not silently remade.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> OpenOrCreate(string path, IReadOnlyList<(string Case, string Group)> cases, int folds, long seed)
    {
        if (!File.Exists(path))
        {
            var made = Make(cases, folds, seed);
            var all = cases.Select(c => c.Case).Order(StringComparer.Ordinal).ToList();
            var json = new JsonArray(made.Select(v => (JsonNode)new JsonObject
            {
                ["train"] = new JsonArray(all.Except(v).Select(n => (JsonNode?)n).ToArray()),
                ["val"] = new JsonArray(v.Select(n => (JsonNode?)n).ToArray()),
            }).ToArray());
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.WriteText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return made;
        }
        List<IReadOnlyList<string>> held;
        try
        {
            held = (JsonNode.Parse(File.ReadAllText(path)) as JsonArray ?? throw new JsonException("not a list of folds"))
                .Select(f => (IReadOnlyList<string>)(f?["val"] as JsonArray ?? throw new JsonException("a fold without \"val\""))
                    .Select(n => n?.GetValue<string>() ?? throw new JsonException("a null case name")).ToList())
                .ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a splits file ({e.Message})");
        }
        if (held.Count != folds) throw new UserInputException($"{path}: holds {held.Count} folds, not {folds}; use its number of folds or another --splits");
        var expected = cases.Select(c => c.Case).ToHashSet();
        var covered = held.SelectMany(v => v).ToList();
        if (covered.Count != expected.Count || !expected.SetEquals(covered))
            throw new InvalidDataException($"{path}: its folds cover other cases than the dataset's {expected.Count} training cases; remove it to make new splits");
        return held;
    }
}
