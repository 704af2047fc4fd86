
using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Preprocessing;

/// <summary>
/// A training patch's or a prediction window's size: a cube of voxels (the paper's 120³), or a box of fixed physical
/// size whose voxel count per axis follows each volume's spacing (48 mm is 48 voxels at 1 mm, 96 at 0.5 mm, 10 at
/// 5 mm), so models on native grids see the same anatomical context as a model on 1 mm data.
/// </summary>
public sealed record PatchSize
{
    /// <summary>Largest voxel count along one axis a patch may have (a 512³ float patch is 0.5 GB before the net).</summary>
    public const int MaxVoxels = 512;

    public int? Voxels { get; }
    public double? Millimetres { get; }

    private PatchSize(int? voxels, double? millimetres) => (Voxels, Millimetres) = (voxels, millimetres);

    public static PatchSize Cube(int voxels) => voxels is >= 1 and <= MaxVoxels
        ? new PatchSize(voxels, null)
        : throw new UserInputException($"patch {voxels}: expected 1 to {MaxVoxels} voxels");

    public static PatchSize Physical(double mm) => mm is > 0 and <= 1000 && double.IsFinite(mm)
        ? new PatchSize(null, mm)
        : throw new UserInputException($"patch {mm} mm: expected more than 0 and at most 1000 mm");

    /// <summary>Voxels per axis at this spacing: round(mm / s), at least 1.</summary>
    public Shape3 For(Spacing spacing)
    {
        if (Voxels is int n) return new Shape3(n, n, n);
        int Axis(double s) => Math.Clamp((int)Math.Round(Millimetres!.Value / s), 1, MaxVoxels);
        return new Shape3(Axis(spacing.X), Axis(spacing.Y), Axis(spacing.Z));
    }

    public override string ToString() => Voxels is int n ? $"{n} voxels" : $"{Millimetres:0.###} mm";
}
