using NativeSeg.Imaging;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>The preset implementations, one per challenge, and the direction of every column they write.</summary>
public static class ChallengeMetrics
{
    public static readonly IReadOnlyList<IChallengeMetrics> All = [new Msseg2016Metrics(), new Isbi2015Metrics(), new Wmh2017Metrics(), new Shifts2022Metrics()];

    public static IChallengeMetrics For(ChallengePreset preset) => All.Single(m => m.Preset == preset);

    public static ChallengePreset Parse(string text) => EnumNames.Parse<ChallengePreset>(text, "--preset");

    /// <summary>Whether higher is better for a preset's column; null for a column no preset writes.</summary>
    public static bool? HigherIsBetter(string column) => All.SelectMany(m => m.Columns.Concat(m.OptionalColumns)).FirstOrDefault(c => c.Name == column)?.HigherIsBetter;
}
