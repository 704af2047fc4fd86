using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging;

/// <summary>
/// Exact squared Euclidean distance (mm²) from every voxel to the nearest feature voxel, with anisotropic
/// spacing: Felzenszwalb &amp; Huttenlocher's separable lower-envelope-of-parabolas transform, one axis at a time.
/// Voxels with no feature anywhere get +∞.
/// </summary>
public static class DistanceTransform
{
    public static double[] SquaredEdt(bool[] feature, Shape3 shape, Spacing spacing)
    {
        var d = feature.Select(f => f ? 0.0 : double.PositiveInfinity).ToArray();
        for (int axis = 0; axis < 3; axis++) Pass(d, shape, axis, spacing[axis]);
        return d;
    }

    private static void Pass(double[] d, Shape3 shape, int axis, double w)
    {
        int len = shape[axis];
        long stride = axis == 0 ? 1 : axis == 1 ? shape.X : (long)shape.X * shape.Y;
        var f = new double[len];
        var outLine = new double[len];
        var v = new int[len];
        var z = new double[len + 1];
        int o1 = axis == 0 ? shape.Y : shape.X, o2 = axis == 2 ? shape.Y : shape.Z;
        for (int b = 0; b < o2; b++)
        for (int a = 0; a < o1; a++)
        {
            long start = axis switch
            {
                0 => shape.Index(0, a, b),
                1 => shape.Index(a, 0, b),
                _ => shape.Index(a, b, 0),
            };
            for (int q = 0; q < len; q++) f[q] = d[start + q * stride];
            Line(f, outLine, v, z, w * w);
            for (int q = 0; q < len; q++) d[start + q * stride] = outLine[q];
        }
    }

    // D(p) = min_q w²(p-q)² + f(q); parabolas with f(q) = ∞ are never part of the envelope.
    private static void Line(double[] f, double[] d, int[] v, double[] z, double w2)
    {
        int n = f.Length, k = -1;
        for (int q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q])) continue;
            if (k < 0)
            {
                k = 0; v[0] = q; z[0] = double.NegativeInfinity; z[1] = double.PositiveInfinity;
                continue;
            }
            double s;
            while (true)
            {
                int r = v[k];
                s = ((f[q] + w2 * q * q) - (f[r] + w2 * r * r)) / (2 * w2 * (q - r));
                if (s <= z[k] && k > 0) { k--; continue; }
                break;
            }
            if (s <= z[k]) { v[k] = q; z[k + 1] = double.PositiveInfinity; continue; }
            k++; v[k] = q; z[k] = s; z[k + 1] = double.PositiveInfinity;
        }
        if (k < 0) { Array.Fill(d, double.PositiveInfinity); return; }
        int j = 0;
        for (int p = 0; p < n; p++)
        {
            while (z[j + 1] < p) j++;
            double dp = p - v[j];
            d[p] = w2 * dp * dp + f[v[j]];
        }
    }
}
