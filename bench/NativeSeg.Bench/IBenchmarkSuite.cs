namespace NativeSeg.Bench;

/// <summary>A group of benchmarks shown as one table in BENCHMARKS.md. Found by reflection.</summary>
public interface IBenchmarkSuite
{
    /// <summary>Short key used on the command line, e.g. "imaging".</summary>
    string Key { get; }

    /// <summary>Section title in BENCHMARKS.md.</summary>
    string Title { get; }

    IEnumerable<BenchmarkCase> Cases();
}

/// <summary>
/// One measured operation. <paramref name="Setup"/> runs once before timing; <paramref name="Run"/> is timed;
/// <paramref name="Unit"/> is "s" or "ms". Extra columns (e.g. GFLOP/s) come from <paramref name="Notes"/>,
/// called after timing with the median seconds.
/// </summary>
public sealed record BenchmarkCase(
    string Name,
    Action Run,
    int Repeats = 5,
    int WarmUp = 1,
    string Unit = "s",
    Action? Setup = null,
    Func<double, string>? Notes = null);
