namespace NativeSeg.Evaluation.Challenges;

/// <summary>A challenge's official per-case metrics; undefined values (the official code's NaN) are null.</summary>
public interface IChallengeMetrics
{
    ChallengePreset Preset { get; }

    IReadOnlyList<ChallengeColumn> Columns { get; }

    IReadOnlyDictionary<string, double?> Compute(ChallengeCase c);
}
