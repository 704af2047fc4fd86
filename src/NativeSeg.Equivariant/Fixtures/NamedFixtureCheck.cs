using System.Text.Json;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>
/// A check for the fixture file named after its kind ("gate" checks gate.json): runs the comparison in
/// its own dispose scope and reports the worst difference the comparison recorded.
/// </summary>
public abstract class NamedFixtureCheck(string kind) : IFixtureCheck
{
    public string Kind => kind;

    public bool CanCheck(string fileName, JsonElement meta) => FixtureChecks.NamedFor(Kind, fileName);

    public FixtureCheckResult Check(JsonDocument document)
    {
        using var scope = NewDisposeScope();
        var errors = new ErrorTracker();
        Compare(document.RootElement, errors);
        return errors.Result();
    }

    /// <summary>Recomputes the file's recorded values and records every difference in <paramref name="errors"/>.</summary>
    protected abstract void Compare(JsonElement root, ErrorTracker errors);
}
