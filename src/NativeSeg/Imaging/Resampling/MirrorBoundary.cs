namespace NativeSeg.Imaging.Resampling;

/// <summary>
/// Whole-sample symmetric extension, scipy.ndimage mode='mirror': … c b | a b c d | c b a …
/// (reflection about the first and last voxel centres, which are not repeated).
/// </summary>
internal static class MirrorBoundary
{
    public static int Index(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * n - 2;
        i = Math.Abs(i) % period;
        return i < n ? i : period - i;
    }

    public static double Coordinate(double x, int n)
    {
        if (n == 1) return 0;
        double period = 2.0 * n - 2;
        x = Math.Abs(x) % period;
        return x <= n - 1 ? x : period - x;
    }

    /// <summary>Sample positions farther than half a voxel outside the first/last centre lie outside the image.</summary>
    public static bool Inside(double x, int n) => x >= -0.5 && x <= n - 0.5;
}
