using NativeSeg.Evaluation;

namespace NativeSeg.Tests.Evaluation;

public class ModelComparisonTests
{
    private static CaseResult Row(string name, string group, double dice) => new(name, group, new Dictionary<string, double?> { ["dice"] = dice });

    /// <summary>A sweep's results name the same subject in every spacing group: combined, rows pair by case and group.</summary>
    [Fact]
    public void CasesNamedInSeveralGroupsPairWithinTheirGroupAndOnceCombined()
    {
        IReadOnlyList<CaseResult> a = [Row("s0", "0.4 mm", 0.9), Row("s0", "1.5 mm", 0.1), Row("s1", "0.4 mm", 0.7), Row("s1", "1.5 mm", 0.3)];
        IReadOnlyList<CaseResult> b = [Row("s0", "0.4 mm", 0.8), Row("s0", "1.5 mm", 0.4), Row("s1", "0.4 mm", 0.6), Row("s1", "1.5 mm", 0.3)];
        var comparison = new ModelComparison([("a", a), ("b", b)]);
        var fine = comparison.Comparisons.Single(c => c.Group == "0.4 mm");
        Assert.Equal((2, 0.1), (fine.Pairs, Math.Round(fine.MeanDifference, 12)));
        // Combined, one case's acquisitions at several spacings are one pair (their means), not one pair each:
        // s0 0.5 vs 0.6, s1 0.5 vs 0.45.
        var combined = comparison.Comparisons.Single(c => c.Group == ModelComparison.Combined);
        Assert.Equal((2, 1), (combined.Pairs, combined.Above));
        Assert.Equal(-0.025, combined.MeanDifference, 12);

        // Unique names pair by name alone, whatever the groups say.
        IReadOnlyList<CaseResult> c = [Row("x", "all", 0.5), Row("y", "all", 0.6)];
        IReadOnlyList<CaseResult> d = [Row("x", "g", 0.4), Row("y", "g", 0.4)];
        var byName = new ModelComparison([("c", c), ("d", d)]).Comparisons.Single(t => t.Group == ModelComparison.Combined);
        Assert.Equal(2, byName.N);
    }
}
