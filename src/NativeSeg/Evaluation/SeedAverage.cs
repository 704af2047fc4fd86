namespace NativeSeg.Evaluation;

/// <summary>
/// Results of one model trained with several seeds. Per case: the mean of each metric over the seeds (what the
/// paired tests compare, so a case counts once). Per group: the mean of the seeds' group means and its sd across
/// seeds (how much the training seed alone moves a table cell).
/// </summary>
public static class SeedAverage
{
    public static IReadOnlyList<CaseResult> PerCase(IReadOnlyList<IReadOnlyList<CaseResult>> seeds)
    {
        if (seeds.Count == 0) throw new UserInputException("no seeds to average");
        var cases = seeds[0].Select(r => (r.Case, r.Group)).ToList();
        foreach (var other in seeds.Skip(1))
            if (!other.Select(r => (r.Case, r.Group)).ToHashSet().SetEquals(cases))
                throw new InvalidDataException("the seeds' results hold different cases");
        return cases.Select(c =>
        {
            var rows = seeds.Select(s => s.Single(r => r.Case == c.Case && r.Group == c.Group)).ToList();   // a sweep's case recurs in every grid
            var metrics = rows.SelectMany(r => r.Values.Keys).Distinct();
            return new CaseResult(c.Case, c.Group, metrics.ToDictionary(m => m, m => MeanSd.MeanOrNull(rows.Select(r => r.Values.GetValueOrDefault(m)))));
        }).ToList();
    }

    /// <summary>Per group (and <see cref="ModelComparison.Combined"/>): mean (sd) over seeds of each seed's mean of the metric.</summary>
    public static IReadOnlyDictionary<string, MeanSd> AcrossSeeds(IReadOnlyList<IReadOnlyList<CaseResult>> seeds, string metric)
    {
        var groups = seeds[0].Select(r => r.Group).Distinct().Append(ModelComparison.Combined);
        return groups.ToDictionary(g => g, g => MeanSd.Of(seeds.Select(s =>
            MeanSd.MeanOrNull(s.Where(r => g == ModelComparison.Combined || r.Group == g).Select(r => r.Values.GetValueOrDefault(metric))))));
    }
}
