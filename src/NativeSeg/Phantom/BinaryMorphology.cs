using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>
/// Binary operations on voxel masks (1 mm isotropic) used to derive the anatomy model: balls are
/// {d : |d| ≤ r} via the exact Euclidean distance transform, hole filling by flood fill from the border.
/// </summary>
public static class BinaryMorphology
{
    public static bool[] Dilate(bool[] mask, Shape3 shape, double radius)
    {
        var d = DistanceTransform.SquaredEdt(mask, shape, Spacing.Isotropic(1));
        return d.Select(v => v <= radius * radius + 1e-9).ToArray();
    }

    public static bool[] Erode(bool[] mask, Shape3 shape, double radius)
    {
        var outside = mask.Select(m => !m).ToArray();
        if (!outside.Any(o => o)) return (bool[])mask.Clone();
        var d = DistanceTransform.SquaredEdt(outside, shape, Spacing.Isotropic(1));
        return d.Select(v => v > radius * radius + 1e-9).ToArray();
    }

    public static bool[] Close(bool[] mask, Shape3 shape, double radius) => Erode(Dilate(mask, shape, radius), shape, radius);

    public static bool[] Open(bool[] mask, Shape3 shape, double radius) => Dilate(Erode(mask, shape, radius), shape, radius);

    /// <summary>Fills every background region not 6-connected to the volume border.</summary>
    public static bool[] FillHoles(bool[] mask, Shape3 shape)
    {
        var outside = new bool[mask.Length];
        var stack = new Stack<long>();
        void Push(int i, int j, int k)
        {
            long n = shape.Index(i, j, k);
            if (!mask[n] && !outside[n]) { outside[n] = true; stack.Push(n); }
        }
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    if (i == 0 || j == 0 || k == 0 || i == shape.X - 1 || j == shape.Y - 1 || k == shape.Z - 1) Push(i, j, k);
        while (stack.Count > 0)
        {
            long n = stack.Pop();
            int i = (int)(n % shape.X), j = (int)(n / shape.X % shape.Y), k = (int)(n / ((long)shape.X * shape.Y));
            if (i > 0) Push(i - 1, j, k);
            if (i < shape.X - 1) Push(i + 1, j, k);
            if (j > 0) Push(i, j - 1, k);
            if (j < shape.Y - 1) Push(i, j + 1, k);
            if (k > 0) Push(i, j, k - 1);
            if (k < shape.Z - 1) Push(i, j, k + 1);
        }
        return outside.Select(o => !o).ToArray();
    }

    /// <summary>Fills holes in every 2D slice normal to <paramref name="axis"/> (4-connected background).</summary>
    public static bool[] FillHolesSlices(bool[] mask, Shape3 shape, int axis)
    {
        var result = (bool[])mask.Clone();
        int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
        int na = shape[a], nb = shape[b];
        var sliceShape = new Shape3(na, nb, 1);
        for (int s = 0; s < shape[axis]; s++)
        {
            var slice = new bool[na * nb];
            for (int v = 0; v < nb; v++)
                for (int u = 0; u < na; u++)
                    slice[u + na * v] = mask[Index(shape, axis, s, a, u, b, v)];
            var filled = FillHoles(slice, sliceShape);
            for (int v = 0; v < nb; v++)
                for (int u = 0; u < na; u++)
                    if (filled[u + na * v]) result[Index(shape, axis, s, a, u, b, v)] = true;
        }
        return result;
    }

    private static long Index(Shape3 shape, int axis, int s, int a, int u, int b, int v)
    {
        Span<int> ijk = stackalloc int[3];
        ijk[axis] = s; ijk[a] = u; ijk[b] = v;
        return shape.Index(ijk[0], ijk[1], ijk[2]);
    }

    public static bool[] Pad(bool[] mask, Shape3 shape, int pad, out Shape3 padded)
    {
        padded = new Shape3(shape.X + 2 * pad, shape.Y + 2 * pad, shape.Z + 2 * pad);
        var r = new bool[padded.Count];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    r[padded.Index(i + pad, j + pad, k + pad)] = mask[shape.Index(i, j, k)];
        return r;
    }

    public static bool[] Unpad(bool[] padded, Shape3 paddedShape, int pad, Shape3 shape)
    {
        var r = new bool[shape.Count];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    r[shape.Index(i, j, k)] = padded[paddedShape.Index(i + pad, j + pad, k + pad)];
        return r;
    }
}
