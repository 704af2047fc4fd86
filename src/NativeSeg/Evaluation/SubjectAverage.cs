namespace NativeSeg.Evaluation;

/// <summary>
/// Acquisitions of one subject are not independent cases: a sweep acquires each subject in three planes at every
/// grid (case names SUBJECT-ACQUISITION, e.g. s0-axial). Averaging a model's rows per subject and group first makes a
/// paired test count subjects.
/// </summary>
public static class SubjectAverage
{
    /// <summary>The subject of a case name: the text before its first '-' (the whole name when it has none).</summary>
    public static string SubjectOf(string caseName) => caseName.Split('-', 2)[0];

    /// <summary>One row per (subject, group), each metric the mean of its defined values over the subject's acquisitions.</summary>
    public static IReadOnlyList<CaseResult> PerSubject(IReadOnlyList<CaseResult> rows) =>
        rows.GroupBy(r => (Subject: SubjectOf(r.Case), r.Group))
            .Select(g => new CaseResult(g.Key.Subject, g.Key.Group,
                g.SelectMany(r => r.Values.Keys).Distinct().ToDictionary(m => m, m => MeanSd.MeanOrNull(g.Select(r => r.Values.GetValueOrDefault(m))))))
            .ToList();
}
