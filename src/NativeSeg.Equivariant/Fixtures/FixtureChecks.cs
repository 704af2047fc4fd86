using System.Reflection;
using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

public enum FixtureStatus { Passed, Failed, NotChecked, Error }

/// <summary>Outcome for one fixture file: the max absolute error when it was checked, else why not.</summary>
public sealed record FixtureFileReport(string FileName, FixtureStatus Status, double? MaxAbsError, long Values, string Detail, double? Tolerance = null);

/// <summary>Finds the checks and runs them over a folder of fixture files.</summary>
public static class FixtureChecks
{
    /// <summary>Every concrete <see cref="IFixtureCheck"/> with a parameterless constructor in this assembly and the given ones.</summary>
    public static IReadOnlyList<IFixtureCheck> Discover(params Assembly[] assemblies) =>
        assemblies.Append(typeof(IFixtureCheck).Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(IFixtureCheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }
                        && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (IFixtureCheck)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Kind, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<FixtureFileReport> CheckDirectory(string directory, IReadOnlyList<IFixtureCheck> checks)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: fixture folder not found");
        var files = Directory.GetFiles(directory, "*.json").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"{directory}: no fixture files (*.json)");
        return files.Select(f => CheckFile(f, checks)).ToList();
    }

    public static FixtureFileReport CheckFile(string path, IReadOnlyList<IFixtureCheck> checks)
    {
        string name = Path.GetFileName(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            return new FixtureFileReport(name, FixtureStatus.Error, null, 0, $"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var meta = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("meta", out var m) ? m : default;
            var check = checks.FirstOrDefault(c => c.CanCheck(name, meta));
            if (check is null)
            {
                string kind = Path.GetFileNameWithoutExtension(name);
                string why = "not checked (no checker for this file kind)";
                return new FixtureFileReport(name, FixtureStatus.NotChecked, null, 0, why);
            }
            try
            {
                var r = check.Check(doc);
                return new FixtureFileReport(name, r.Passed ? FixtureStatus.Passed : FixtureStatus.Failed, r.MaxAbsError, r.Values, r.Detail, r.Tolerance);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                return new FixtureFileReport(name, FixtureStatus.Error, null, 0, e.Message);
            }
        }
    }

    /// <summary>Default matching rule: the file is named for the kind.</summary>
    public static bool NamedFor(string kind, string fileName) =>
        string.Equals(Path.GetFileNameWithoutExtension(fileName), kind, StringComparison.OrdinalIgnoreCase);
}
