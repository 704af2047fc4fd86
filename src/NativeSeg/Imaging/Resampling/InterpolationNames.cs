namespace NativeSeg.Imaging.Resampling;

public static class InterpolationNames
{
    /// <summary>"cubic" (or "bspline"), "linear", "nearest".</summary>
    public static Interpolation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cubic" or "bspline" or "cubic-bspline" => Interpolation.CubicBSpline,
        "linear" => Interpolation.Linear,
        "nearest" => Interpolation.Nearest,
        _ => throw new FormatException($"interpolation '{name}': expected cubic, linear or nearest"),
    };
}
