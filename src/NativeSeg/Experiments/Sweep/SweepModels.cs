using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;

namespace NativeSeg.Experiments.Sweep;

/// <summary>A trained model a sweep tests: its kind and its folder (model.json + weights).</summary>
public sealed record SweepModel(ModelKind Kind, string Directory);

/// <summary>
/// Finds the models a sweep tests in a finished experiment (models/&lt;training set&gt;/&lt;kind&gt;) or in a plain
/// folder of model folders named by kind (e.g. the shipped models/demo).
/// </summary>
public static class SweepModels
{
    public static (string TrainingSet, IReadOnlyList<SweepModel> Models) Find(string root, string? trainingSet, IReadOnlyList<ModelKind> kinds)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: models folder not found");
        string plain = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        if (trainingSet is null && kinds.Any(k => IsModel(Path.Combine(root, k.Name()))))
            return (plain, Present(root, kinds));

        string sets = Path.Combine(root, "models");
        if (!Directory.Exists(sets)) throw new DirectoryNotFoundException($"{root}: neither an experiment folder (models/<training set>/<kind>) nor a folder of model folders " +
            $"({string.Join(", ", kinds.Select(k => k.Name()))})");
        var candidates = Directory.GetDirectories(sets).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToList();
        string set = trainingSet ?? Broadest(candidates, root);
        if (!candidates.Contains(set)) throw new DirectoryNotFoundException($"{root}: no models trained on '{set}' (found: {string.Join(", ", candidates)})");
        return (set, Present(Path.Combine(sets, set), kinds));
    }

    /// <summary>With one training set there is no choice; a 3d experiment's broadest set is the one trained on both 3D clusters.</summary>
    private static string Broadest(IReadOnlyList<string> sets, string root) => sets.Count switch
    {
        0 => throw new DirectoryNotFoundException($"{root}: no trained models under models/"),
        1 => sets[0],
        _ => ExperimentProtocol.ThreeD.TrainingSets[^1].Name is var both && sets.Contains(both) ? both
            : throw new UserInputException($"{root}: models of several training sets ({string.Join(", ", sets)}); choose one with --set"),
    };

    private static IReadOnlyList<SweepModel> Present(string dir, IReadOnlyList<ModelKind> kinds)
    {
        var found = kinds.Select(k => (Kind: k, Dir: ModelFolder(dir, k))).ToList();
        var missing = found.Where(f => f.Dir is null).Select(f => f.Kind.Name()).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"{dir}: no trained model for {string.Join(", ", missing)} (expected <kind>/{ModelDirectory.ConfigFile}; is its training finished?)");
        return found.Select(f => new SweepModel(f.Kind, f.Dir!)).ToList();
    }

    /// <summary>kind/, or in an experiment with several seeds the first seed's kind-seedS/ (seeds in numeric order).</summary>
    private static string? ModelFolder(string dir, ModelKind kind)
    {
        string single = Path.Combine(dir, kind.Name());
        if (IsModel(single)) return single;
        if (!Directory.Exists(dir)) return null;
        string prefix = kind.Name() + "-seed";
        return Directory.GetDirectories(dir)
            .Select(d => (Dir: d, Name: Path.GetFileName(d)))
            .Where(d => d.Name.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(d.Name[prefix.Length..], out _) && IsModel(d.Dir))
            .OrderBy(d => long.Parse(d.Name[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(d => d.Dir).FirstOrDefault();
    }

    private static bool IsModel(string dir) => File.Exists(Path.Combine(dir, ModelDirectory.ConfigFile));
}
