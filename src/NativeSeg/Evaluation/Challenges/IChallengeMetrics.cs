namespace NativeSeg.Evaluation.Challenges;

/// <summary>A challenge's official per-case metrics; undefined values (the official code's NaN) are null.</summary>
public interface IChallengeMetrics
{
    ChallengePreset Preset { get; }

    IReadOnlyList<ChallengeColumn> Columns { get; }

    /// <summary>Columns written only when the evaluation has what they need (Shifts 2022's R-AUC: uncertainty maps).</summary>
    IReadOnlyList<ChallengeColumn> OptionalColumns => [];

    IReadOnlyDictionary<string, double?> Compute(ChallengeCase c);
}
