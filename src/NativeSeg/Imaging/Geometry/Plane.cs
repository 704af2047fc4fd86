using System.Text.Json.Serialization;

namespace NativeSeg.Imaging.Geometry;

/// <summary>An anatomical plane: the one a 2D acquisition's slices lie in, or the one a picture shows.</summary>
public enum Plane
{
    [JsonStringEnumMemberName("axial")] Axial,
    [JsonStringEnumMemberName("coronal")] Coronal,
    [JsonStringEnumMemberName("sagittal")] Sagittal,
}

/// <summary>
/// Which array axis a plane cuts across, from the affine's axis codes: axial slices are perpendicular to the S-I
/// axis, coronal to A-P, sagittal to R-L. The acquisition plane of a volume is the one perpendicular to its thickest
/// voxel axis (axial for isotropic data).
/// </summary>
public static class Planes
{
    public static string Name(this Plane plane) => EnumNames.Name(plane);

    /// <summary>"axial" (or "ax", "transverse"), "coronal" ("cor"), "sagittal" ("sag").</summary>
    public static Plane Parse(string text) => EnumNames.Parse(text, "plane",
        ("ax", Plane.Axial), ("transverse", Plane.Axial), ("cor", Plane.Coronal), ("sag", Plane.Sagittal));

    public static int NormalAxis(Volume v, Plane plane)
    {
        string codes = Orientation.AxisCodes(v.Affine);
        string letters = plane switch { Plane.Axial => "SI", Plane.Coronal => "AP", _ => "RL" };
        int axis = codes.IndexOfAny(letters.ToCharArray());
        return axis >= 0 ? axis : (int)plane;
    }

    public static Plane Acquisition(Volume v)
    {
        var s = new[] { v.Spacing.X, v.Spacing.Y, v.Spacing.Z };
        double max = s.Max(), min = s.Min();
        if (max - min < 1e-3 * max) return Plane.Axial;
        int thick = Array.IndexOf(s, max);
        char code = Orientation.AxisCodes(v.Affine)[thick];
        return code is 'S' or 'I' ? Plane.Axial : code is 'A' or 'P' ? Plane.Coronal : Plane.Sagittal;
    }
}
