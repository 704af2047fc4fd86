using System.Text.Json.Serialization;

namespace NativeSeg.Imaging.Resampling;

public enum Interpolation
{
    /// <summary>Nearest voxel: for label maps (keeps the label set).</summary>
    [JsonStringEnumMemberName("nearest")] Nearest,

    /// <summary>Trilinear.</summary>
    [JsonStringEnumMemberName("linear")] Linear,

    /// <summary>
    /// Cubic B-spline with the exact interpolating prefilter (scipy.ndimage order=3, SimpleITK BSpline):
    /// it passes through every sample and reproduces cubic polynomials away from the border.
    /// </summary>
    [JsonStringEnumMemberName("cubic-bspline")] CubicBSpline,
}
