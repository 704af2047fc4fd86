using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Globalization;

namespace NativeSeg.Phantom;

/// <summary>
/// What to acquire (docs/design/phantom.md §4.1): spacing (in-plane i, in-plane j, slice k), plane, and optionally the slice
/// thickness (default = slice spacing, i.e. no gap), field of view in world mm (R-L, A-P, S-I extents; default =
/// the whole brain cropped to its box + 6 mm), PSF factor α (default U(1.0, 1.3) drawn per grid) and in-plane
/// zero-filling factor r (default 2 for 2D with in-plane ≤ 0.5 mm, else 1). Mode is 2D when the slice spacing
/// is ≥ 2 mm. With a field of view, voxel counts are round(extent / spacing) along each array axis. A tilt turns the
/// whole grid about the subject's R-L axis (pitch, as slices laid along the AC-PC line) and then its A-P axis (roll):
/// an oblique acquisition whose affine is no longer axis-aligned.
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

    /// <summary>Degrees about R-L (first) and A-P (second); (0, 0) for the plane's own axis-aligned grid.</summary>
    public (double AboutRL, double AboutAP) TiltDegrees { get; init; }

    public double InterpolationFactor => Interpolation ?? (Is2D && Math.Max(Spacing.X, Spacing.Y) <= 0.5 + 1e-9 ? 2 : 1);

    /// <summary>
    /// World direction (RAS) of each array axis, as the columns of R_g (docs/design/phantom.md §4.2): axial (−x, +y, +z) = LAS,
    /// coronal (−x, +z, +y) = LSA, sagittal (+y, +z, +x) = ASR. The third axis is the slice (thick) axis.
    /// </summary>
    public Mat3 Directions => Mat3.RotationY(TiltDegrees.AboutAP * Math.PI / 180) * Mat3.RotationX(TiltDegrees.AboutRL * Math.PI / 180) * PlaneDirections;

    private Mat3 PlaneDirections => Plane switch
    {
        Plane.Axial => Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)),
        Plane.Coronal => Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0, 0, 1), new Vec3(0, 1, 0)),
        _ => Mat3.FromColumns(new Vec3(0, 1, 0), new Vec3(0, 0, 1), new Vec3(1, 0, 0)),
    };

    /// <summary>A stable key of everything that defines this grid: acquisition randomness (noise, α) is seeded from it.</summary>
    public long Key()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Spacing.X:R},{Spacing.Y:R},{Spacing.Z:R}|{Plane}|{Thickness:R}|{FieldOfViewMm}|{PsfFactor:R}|{Interpolation:R}")
            + (TiltDegrees == default ? "" : FormattableString.Invariant($"|tilt {TiltDegrees.AboutRL:R},{TiltDegrees.AboutAP:R}"));
        ulong h = 14695981039346656037UL;
        foreach (char c in text) { h ^= c; h *= 1099511628211UL; }
        return (long)h;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Plane.Name()} {Spacing} mm{(Gap > 1e-9 ? $" (thickness {SliceThickness:0.##})" : "")}")
            + (TiltDegrees == default ? "" : FormattableString.Invariant($" tilted {TiltDegrees.AboutRL:0.#},{TiltDegrees.AboutAP:0.#} degrees"));

    /// <summary>Parses --tilt "DEG" (about R-L) or "DEG,DEG" (about R-L, then A-P); each within ±90.</summary>
    public static (double AboutRL, double AboutAP) ParseTilt(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (values.Length is not (1 or 2) || values.Any(v => !double.IsFinite(v) || Math.Abs(v) > 90))
            throw new UserInputException($"--tilt '{text}': expected degrees about R-L, optionally a comma and degrees about A-P, each within -90..90 (e.g. 15 or 15,5)");
        return (values[0], values.Length == 2 ? values[1] : 0);
    }
}
