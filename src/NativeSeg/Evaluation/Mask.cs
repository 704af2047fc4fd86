using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>Binary view of a label volume: a voxel is foreground when its value exceeds 0.5.</summary>
public static class Mask
{
    public static bool[] From(Volume v) => v.Voxels.Select(x => x > 0.5f).ToArray();

    public static double VoxelVolumeMl(Spacing s) => s.X * s.Y * s.Z / 1000.0;
}
