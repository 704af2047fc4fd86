using NativeSeg.Evaluation;

namespace NativeSeg.Tests.Evaluation;

public class ModelComparisonTests
{
    private static CaseResult Row(string name, string group, double dice) => new(name, group, new Dictionary<string, double?> { ["dice"] = dice });

    /// <summary>A sweep's results name the same subject in every spacing group: combined, rows pair by case and group.</summary>
    [Fact]
    public void CasesNamedInSeveralGroupsPairWithinTheirGroup()
    {
        IReadOnlyList<CaseResult> a = [Row("s0", "0.4 mm", 0.9), Row("s0", "1.5 mm", 0.1), Row("s1", "0.4 mm", 0.7), Row("s1", "1.5 mm", 0.3)];
        IReadOnlyList<CaseResult> b = [Row("s0", "0.4 mm", 0.8), Row("s0", "1.5 mm", 0.2), Row("s1", "0.4 mm", 0.6), Row("s1", "1.5 mm", 0.4)];
        var combined = new ModelComparison([("a", a), ("b", b)]).Comparisons.Single(c => c.Group == ModelComparison.Combined);
        Assert.Equal(4, combined.N);
        Assert.Equal(0, combined.MeanDifference, 12);   // pairing each name with its first row only would give -0.2

        // Unique names pair by name alone, whatever the groups say.
        IReadOnlyList<CaseResult> c = [Row("x", "all", 0.5), Row("y", "all", 0.6)];
        IReadOnlyList<CaseResult> d = [Row("x", "g", 0.4), Row("y", "g", 0.4)];
        var byName = new ModelComparison([("c", c), ("d", d)]).Comparisons.Single(t => t.Group == ModelComparison.Combined);
        Assert.Equal(2, byName.N);
    }
}
