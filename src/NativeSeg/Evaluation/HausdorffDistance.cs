using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>
/// Spacing-aware 95th percentile symmetric Hausdorff distance (mm). Surface voxels of a mask are its voxels
/// with a 6-neighbour outside the mask (the grid border counts as outside). Convention (MedPy's hd95): the
/// 95th percentile (linear interpolation, as numpy.percentile) of the POOLED distances of both directed sets
/// (each surface voxel of A to the nearest surface voxel of B, and B to A). Undefined (null) when either mask
/// is empty.
/// </summary>
public static class HausdorffDistance
{
    public static double? Hd95(bool[] a, bool[] b, Shape3 shape, Spacing spacing)
    {
        var sa = Surface(a, shape);
        var sb = Surface(b, shape);
        if (!sa.Any(x => x) || !sb.Any(x => x)) return null;
        var pooled = Directed(sa, sb, shape, spacing).Concat(Directed(sb, sa, shape, spacing)).ToArray();
        return Percentile(pooled, 95);
    }

    /// <summary>Distances (mm) from each surface voxel of <paramref name="from"/> to the nearest one of <paramref name="to"/>.</summary>
    public static IEnumerable<double> Directed(bool[] from, bool[] to, Shape3 shape, Spacing spacing)
    {
        var d2 = DistanceTransform.SquaredEdt(to, shape, spacing);
        for (long n = 0; n < from.Length; n++)
            if (from[n]) yield return Math.Sqrt(d2[n]);
    }

    public static bool[] Surface(bool[] mask, Shape3 shape)
    {
        var s = new bool[mask.Length];
        for (int k = 0; k < shape.Z; k++)
        for (int j = 0; j < shape.Y; j++)
        for (int i = 0; i < shape.X; i++)
        {
            long n = shape.Index(i, j, k);
            if (!mask[n]) continue;
            s[n] = !In(mask, shape, i - 1, j, k) || !In(mask, shape, i + 1, j, k) || !In(mask, shape, i, j - 1, k)
                || !In(mask, shape, i, j + 1, k) || !In(mask, shape, i, j, k - 1) || !In(mask, shape, i, j, k + 1);
        }
        return s;
    }

    private static bool In(bool[] m, Shape3 s, int i, int j, int k) =>
        i >= 0 && j >= 0 && k >= 0 && i < s.X && j < s.Y && k < s.Z && m[s.Index(i, j, k)];

    /// <summary>numpy.percentile default ("linear"): position q/100 * (n-1) in the sorted values.</summary>
    public static double Percentile(double[] values, double q)
    {
        var v = values.OrderBy(x => x).ToArray();
        double pos = q / 100.0 * (v.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
