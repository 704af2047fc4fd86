using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>
/// Checks one kind of reference fixture file (the e3nn fixture format). Implementations are discovered by
/// reflection (<see cref="FixtureChecks.Discover"/>), so supporting a new file kind is one new class.
/// </summary>
public interface IFixtureCheck
{
    /// <summary>File kind, the fixture's file name without extension, e.g. "spherical_harmonics".</summary>
    string Kind { get; }

    /// <summary>Whether this check understands the file (by name and, when present, its meta object).</summary>
    bool CanCheck(string fileName, JsonElement meta);

    /// <summary>Recomputes every recorded value from the file's inputs and compares.</summary>
    FixtureCheckResult Check(JsonDocument document);
}

/// <summary>
/// Largest absolute difference over <see cref="Values"/> compared numbers; <see cref="Detail"/> names the worst part.
/// <see cref="Tolerance"/> is absolute: 1e-5 for the layer fixtures, a check may tighten it (the whole published
/// network's is 1e-8 of its largest output).
/// </summary>
public sealed record FixtureCheckResult(double MaxAbsError, long Values, string Detail, double Tolerance = FixtureCheckResult.DefaultTolerance)
{
    public const double DefaultTolerance = 1e-5;

    public bool Passed => MaxAbsError <= Tolerance;
}
