using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// A patch's rotation and scaling, in millimetres: the output voxel at offset d (mm) from the patch centre reads the
/// source at offset A·d, A = R·c, so a rotation turns the anatomy, not the voxel indices, whatever the spacing.
/// nnU-Net's draws: with p 0.2 a rotation of ±30° about each axis (R = Rx·Ry·Rz), or on an anisotropic grid
/// (coarsest / finest spacing above 3) of ±180° about the thick axis alone; with p 0.2 one scale c in 0.7-1.4 for
/// all axes (c &gt; 1 reads a larger region: the anatomy shrinks).
/// </summary>
public sealed record SpatialDraw(Mat3 Rotation, double Scale, bool Rotated)
{
    public static SpatialDraw Identity { get; } = new(Mat3.Identity, 1, false);

    public bool IsIdentity => Scale == 1 && !Rotated;

    /// <summary>The mm-to-mm map A = R·c.</summary>
    public Mat3 Transform => Mat3.From((r, k) => Rotation[r, k] * Scale);

    public static SpatialDraw From(NnUNetAugmentation p, Spacing spacing, SeededRandom random)
    {
        var rotation = Mat3.Identity;
        bool rotated = p.RotationP > 0 && random.NextDouble() < p.RotationP;
        if (rotated)
        {
            double coarsest = Math.Max(spacing.X, Math.Max(spacing.Y, spacing.Z)), finest = Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z));
            if (coarsest / finest > p.AnisotropyRatio)
            {
                int thick = Enumerable.Range(0, 3).MaxBy(a => spacing[a]);
                double angle = Radians(p.InPlaneRotationDegrees, random);
                rotation = thick switch { 0 => Mat3.RotationX(angle), 1 => Mat3.RotationY(angle), _ => Mat3.RotationZ(angle) };
            }
            else
                rotation = Mat3.RotationX(Radians(p.RotationDegrees, random)) * Mat3.RotationY(Radians(p.RotationDegrees, random)) * Mat3.RotationZ(Radians(p.RotationDegrees, random));
        }
        double scale = p.ScalingP > 0 && random.NextDouble() < p.ScalingP ? p.Scaling.Draw(random) : 1;
        return new SpatialDraw(rotation, scale, rotated);
    }

    private static double Radians(double maxDegrees, SeededRandom random) => (2 * random.NextDouble() - 1) * maxDegrees * Math.PI / 180;
}
