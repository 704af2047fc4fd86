namespace NativeSeg.Evaluation;

/// <summary>One paired test: models A and B on the cases of a group where both have a defined value.</summary>
public sealed record PairedComparison(string Group, string A, string B, int N, double Statistic, double P, double PBonferroni)
{
    /// <summary>Mean of A minus mean of B over the paired cases (sign tells which model the test favours).</summary>
    public double MeanDifference { get; init; }

    /// <summary>Paired cases, and of them those where A's value is above B's.</summary>
    public int Pairs { get; init; }
    public int Above { get; init; }
}

/// <summary>A model's mean (sd) in a group, whether it is the best there, and whether it beats every other model significantly.</summary>
public sealed record TableCell(string Group, string Model, MeanSd Value, bool Best, bool SignificantlyBest);

/// <summary>
/// The paper's comparison (Tables 2 and 3): per group and combined over all cases, mean (sd) of one metric per
/// model, and a two-sided Wilcoxon signed-rank test for every pair of models on their paired cases — or only for the
/// pairs a protocol names (a single model against its ensemble, say), so that the correction does not pay for tests
/// nobody asked. The Bonferroni factor is the number of tests made for the table (groups x pairs). A model is marked * in
/// a group when it was tested against every other model and, against each, the corrected p is below alpha and its mean
/// on the paired cases is better.
/// </summary>
public sealed class ModelComparison
{
    public const string Combined = "combined";

    public string Metric { get; }
    public double Alpha { get; }
    public IReadOnlyList<string> Models { get; }
    public IReadOnlyList<string> Groups { get; }
    public IReadOnlyList<PairedComparison> Comparisons { get; }
    public IReadOnlyList<TableCell> Cells { get; }

    public WilcoxonMethod Method { get; }

    /// <summary>Whether every pair of models was tested (no --pair list narrowed them).</summary>
    public bool EveryPairTested { get; }

    public ModelComparison(IReadOnlyList<(string Model, IReadOnlyList<CaseResult> Rows)> results, string metric = "dice", double alpha = 0.05,
                           WilcoxonMethod method = WilcoxonMethod.Auto, IReadOnlyList<(string A, string B)>? pairs = null)
    {
        Method = method;
        if (results.Count == 0) throw new UserInputException("no results to compare");
        if (results.Select(r => r.Model).Distinct().Count() != results.Count) throw new UserInputException("model names must be distinct");
        if (alpha is not (> 0 and < 1)) throw new UserInputException($"--alpha {alpha}: expected a significance level above 0 and below 1");
        for (int i = 0; i < results.Count; i++)
            for (int j = i + 1; j < results.Count; j++)
                if (!results[i].Rows.Select(r => r.Case).Intersect(results[j].Rows.Select(r => r.Case)).Any())
                    throw new UserInputException($"{results[i].Model} and {results[j].Model}: no case in common; a paired comparison needs the same test cases");
        Metric = metric;
        Alpha = alpha;
        Models = results.Select(r => r.Model).ToList();
        var tested = pairs ?? AllPairs(Models);
        CheckPairs(tested, Models);
        EveryPairTested = tested.Count == Models.Count * (Models.Count - 1) / 2;
        var groups = results.SelectMany(r => r.Rows.Select(x => x.Group)).Distinct().ToList();
        Groups = groups.Count > 1 ? groups.Append(Combined).ToList() : groups;
        bool higher = MetricColumns.HigherIsBetter(metric);

        var tests = new List<(string Group, string A, string B, WilcoxonResult? Test, double MeanDiff, int Pairs, int Above)>();
        var rowsOf = results.ToDictionary(r => r.Model, r => r.Rows);
        foreach (var group in Groups)
            foreach (var (first, second) in tested)
            {
                var (a, b) = Paired(rowsOf[first], rowsOf[second], group);
                WilcoxonResult? test = null;
                if (a.Count > 0 && a.Zip(b).Any(p => p.First != p.Second)) test = Wilcoxon.Test(a, b, method);
                tests.Add((group, first, second, test, a.Count > 0 ? a.Average() - b.Average() : 0, a.Count, a.Zip(b).Count(p => p.First > p.Second)));
            }
        int m = tests.Count;
        Comparisons = tests.Select(t => new PairedComparison(t.Group, t.A, t.B, t.Test?.N ?? 0, t.Test?.Statistic ?? double.NaN,
            t.Test?.P ?? 1.0, Wilcoxon.Bonferroni(t.Test?.P ?? 1.0, m)) { MeanDifference = t.MeanDiff, Pairs = t.Pairs, Above = t.Above }).ToList();

        var cells = new List<TableCell>();
        foreach (var group in Groups)
        {
            var values = results.Select(r => (r.Model, Value: MeanSd.Of(InGroup(r.Rows, group).Select(x => x[metric])))).ToList();
            var defined = values.Where(v => v.Value.N > 0).Select(v => v.Value.Mean).ToList();
            double best = defined.Count == 0 ? double.NaN : higher ? defined.Max() : defined.Min();
            foreach (var (model, value) in values)
                cells.Add(new TableCell(group, model, value, value.N > 0 && value.Mean == best,
                    Models.Count > 1 && Models.Where(o => o != model).All(o => Beats(group, model, o, higher))));
        }
        Cells = cells;
    }

    private bool Beats(string group, string model, string other, bool higher)
    {
        var c = Comparisons.SingleOrDefault(x => x.Group == group && ((x.A == model && x.B == other) || (x.A == other && x.B == model)));
        if (c is null) return false;   // not a tested pair
        double advantage = (c.A == model ? c.MeanDifference : -c.MeanDifference) * (higher ? 1 : -1);
        return c.N > 0 && c.PBonferroni < Alpha && advantage > 0;
    }

    private static List<(string A, string B)> AllPairs(IReadOnlyList<string> models) =>
        [.. models.SelectMany((a, i) => models.Skip(i + 1).Select(b => (a, b)))];

    private static void CheckPairs(IReadOnlyList<(string A, string B)> pairs, IReadOnlyList<string> models)
    {
        foreach (var (a, b) in pairs)
        {
            foreach (var name in new[] { a, b }.Where(n => !models.Contains(n)))
                throw new UserInputException($"--pair {a},{b}: no model named '{name}' (models: {string.Join(", ", models)})");
            if (a == b) throw new UserInputException($"--pair {a},{b}: a model against itself");
        }
        var repeated = pairs.GroupBy(p => string.CompareOrdinal(p.A, p.B) < 0 ? (p.A, p.B) : (p.B, p.A)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new UserInputException($"--pair {repeated.Key.Item1},{repeated.Key.Item2}: named twice");
    }

    private static IEnumerable<CaseResult> InGroup(IReadOnlyList<CaseResult> rows, string group) =>
        group == Combined ? rows : rows.Where(r => r.Group == group);

    /// <summary>
    /// The metric of the cases both models have, paired by case name — or by case and group when a name recurs in
    /// several groups (a sweep acquires the same subjects at every spacing: s0-axial is a case of each group).
    /// </summary>
    private (List<double> A, List<double> B) Paired(IReadOnlyList<CaseResult> a, IReadOnlyList<CaseResult> b, string group)
    {
        var rowsA = InGroup(a, group).ToList();
        var rowsB = InGroup(b, group).ToList();
        bool recurring = rowsA.GroupBy(r => r.Case).Any(g => g.Count() > 1) || rowsB.GroupBy(r => r.Case).Any(g => g.Count() > 1);
        if (recurring && group == Combined)
        {
            // Over all groups, one case's acquisitions at several spacings are one pair: their mean, not one pair each.
            rowsA = MeanPerCase(rowsA);
            rowsB = MeanPerCase(rowsB);
            recurring = false;
        }
        string Key(CaseResult r) => recurring ? r.Case + "\u0001" + r.Group : r.Case;
        var bByCase = rowsB.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var row in rowsA)
            if (row[Metric] is { } x && bByCase.TryGetValue(Key(row), out var other) && other[Metric] is { } y)
            {
                xs.Add(x);
                ys.Add(y);
            }
        return (xs, ys);
    }

    private List<CaseResult> MeanPerCase(List<CaseResult> rows) =>
        rows.GroupBy(r => r.Case)
            .Select(g => new CaseResult(g.Key, Combined, new Dictionary<string, double?> { [Metric] = MeanSd.MeanOrNull(g.Select(r => r[Metric])) }))
            .ToList();

    public TableCell Cell(string group, string model) => Cells.Single(c => c.Group == group && c.Model == model);
}
