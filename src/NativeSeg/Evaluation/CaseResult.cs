namespace NativeSeg.Evaluation;

/// <summary>One row of results.csv: a case, its group and its metric values (null = undefined).</summary>
public sealed record CaseResult(string Case, string Group, IReadOnlyDictionary<string, double?> Values)
{
    public double? this[string metric] => Values.TryGetValue(metric, out var v) ? v : null;
}
