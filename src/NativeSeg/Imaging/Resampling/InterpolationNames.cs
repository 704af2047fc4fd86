namespace NativeSeg.Imaging.Resampling;

public static class InterpolationNames
{
    public static string Name(this Interpolation method) => EnumNames.Name(method);

    /// <summary>"cubic-bspline" (or "cubic", "bspline"), "linear", "nearest".</summary>
    public static Interpolation Parse(string name) =>
        EnumNames.Parse(name, "interpolation", ("cubic", Interpolation.CubicBSpline), ("bspline", Interpolation.CubicBSpline));
}
