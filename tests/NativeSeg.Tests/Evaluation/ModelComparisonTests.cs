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

    /// <summary>Named pairs: only those are tested, in the order and direction given, and the Bonferroni factor counts
    /// them alone; a model not tested against every other gets no star, however far ahead.</summary>
    [Fact]
    public void NamedPairsAreTheOnlyTestsAndTheCorrectionCountsThem()
    {
        var single = Enumerable.Range(0, 8).Select(i => Row($"c{i}", "g", 0.5 + 0.01 * i)).ToList();
        var ensemble = single.Select(r => Row(r.Case, "g", r["dice"]!.Value + 0.1 + 0.001 * r.Case.Length)).ToList();
        var other = single.Select(r => Row(r.Case, "g", r["dice"]!.Value - 0.2)).ToList();
        var results = new List<(string, IReadOnlyList<CaseResult>)> { ("single", single), ("ensemble", ensemble), ("other", other) };

        var all = new ModelComparison(results);
        Assert.Equal(3, all.Comparisons.Count);
        Assert.True(all.EveryPairTested);
        Assert.True(all.Cell("g", "ensemble").SignificantlyBest);

        var named = new ModelComparison(results, pairs: [("ensemble", "single")]);
        var test = Assert.Single(named.Comparisons);
        Assert.Equal(("ensemble", "single", 8, 8), (test.A, test.B, test.Pairs, test.Above));
        Assert.Equal(test.P, test.PBonferroni, 12);   // one test: no correction
        Assert.Equal(2 / 256.0, test.P, 12);           // exact: all 8 differences one sign
        Assert.False(named.EveryPairTested);
        Assert.False(named.Cell("g", "ensemble").SignificantlyBest);
        Assert.Contains("tested against and better", ComparisonReport.Markdown(named));

        var two = new ModelComparison(results, pairs: [("ensemble", "single"), ("ensemble", "other")]);
        Assert.All(two.Comparisons, c => Assert.Equal(Math.Min(1, 2 * c.P), c.PBonferroni, 12));
    }

    [Theory]
    [InlineData("single", "nobody", "no model named 'nobody'")]
    [InlineData("single", "single", "a model against itself")]
    public void APairThatNamesNoModelOrOneTwiceIsRefused(string a, string b, string message)
    {
        IReadOnlyList<CaseResult> rows = [Row("x", "g", 0.5), Row("y", "g", 0.6)];
        var error = Assert.Throws<UserInputException>(() => new ModelComparison([("single", rows), ("ensemble", rows)], pairs: [(a, b)]));
        Assert.Contains(message, error.Message);
        var twice = Assert.Throws<UserInputException>(() => new ModelComparison([("single", rows), ("ensemble", rows)],
            pairs: [("single", "ensemble"), ("ensemble", "single")]));
        Assert.Contains("named twice", twice.Message);
    }
}
