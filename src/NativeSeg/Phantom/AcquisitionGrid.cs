using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>
/// What to acquire (docs/design/phantom.md §4.1): spacing (in-plane i, in-plane j, slice k), plane, and optionally the slice
/// thickness (default = slice spacing, i.e. no gap), field of view in world mm (R-L, A-P, S-I extents; default =
/// the whole brain cropped to its box + 6 mm), PSF factor α (default U(1.0, 1.3) drawn per grid) and in-plane
/// zero-filling factor r (default 2 for 2D with in-plane ≤ 0.5 mm, else 1). Mode is 2D when the slice spacing
/// is ≥ 2 mm. With a field of view, voxel counts are round(extent / spacing) along each array axis.
/// </summary>
public sealed record AcquisitionGrid(
    Spacing Spacing,
    Plane Plane,
    double? Thickness = null,
    Vec3? FieldOfViewMm = null,
    double? PsfFactor = null,
    double? Interpolation = null)
{
    public bool Is2D => Spacing.Z >= 2;

    public double SliceThickness => Thickness ?? Spacing.Z;

    public double Gap => Spacing.Z - SliceThickness;

    public double InterpolationFactor => Interpolation ?? (Is2D && Math.Max(Spacing.X, Spacing.Y) <= 0.5 + 1e-9 ? 2 : 1);

    /// <summary>
    /// World direction (RAS) of each array axis, as the columns of R_g (docs/design/phantom.md §4.2): axial (−x, +y, +z) = LAS,
    /// coronal (−x, +z, +y) = LSA, sagittal (+y, +z, +x) = ASR. The third axis is the slice (thick) axis.
    /// </summary>
    public Mat3 Directions => Plane switch
    {
        Plane.Axial => Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)),
        Plane.Coronal => Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0, 0, 1), new Vec3(0, 1, 0)),
        _ => Mat3.FromColumns(new Vec3(0, 1, 0), new Vec3(0, 0, 1), new Vec3(1, 0, 0)),
    };

    /// <summary>A stable key of everything that defines this grid: acquisition randomness (noise, α) is seeded from it.</summary>
    public long Key()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Spacing.X:R},{Spacing.Y:R},{Spacing.Z:R}|{Plane}|{Thickness:R}|{FieldOfViewMm}|{PsfFactor:R}|{Interpolation:R}");
        ulong h = 14695981039346656037UL;
        foreach (char c in text) { h ^= c; h *= 1099511628211UL; }
        return (long)h;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Plane.Name()} {Spacing} mm{(Gap > 1e-9 ? $" (thickness {SliceThickness:0.##})" : "")}");
}
