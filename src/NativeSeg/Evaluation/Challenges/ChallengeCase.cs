using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// One case as a challenge scores it: prediction and truth masks on one grid, and (WMH 2017) the voxels the truth marks
/// as "other pathology", removed from the prediction before anything is counted.
/// </summary>
public sealed record ChallengeCase(bool[] Pred, bool[] Truth, Shape3 Shape, Spacing Spacing, bool[]? Ignore = null)
{
    public double VoxelVolumeMm3 => Spacing.X * Spacing.Y * Spacing.Z;
}
