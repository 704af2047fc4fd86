namespace NativeSeg.Evaluation.Challenges;

/// <summary>A results.csv column a preset writes, and which direction is better (compare's one-sided reading).</summary>
public sealed record ChallengeColumn(string Name, bool HigherIsBetter);
