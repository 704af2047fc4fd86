namespace NativeSeg.Imaging.Geometry;

/// <summary>
/// Axis codes ("RAS", "LPS", ...) saying which world direction each array axis points to, as nibabel's
/// aff2axcodes: the 3x3 part with unit columns is replaced by its nearest orthogonal matrix, then each
/// array axis in turn takes the world axis with the largest |component| not already taken.
/// </summary>
public static class Orientation
{
    private static readonly char[] Positive = { 'R', 'A', 'S' };
    private static readonly char[] Negative = { 'L', 'P', 'I' };

    public static string AxisCodes(Affine affine)
    {
        var zooms = affine.ColumnNorms().ToArray();
        var r = Mat3.From((row, col) => zooms[col] == 0 ? 0 : affine[row, col] / zooms[col]).NearestRotation();

        var codes = new char[3];
        var taken = new bool[3];   // a world axis names one voxel axis only
        for (int axis = 0; axis < 3; axis++)
        {
            int best = -1;
            double bestAbs = 1e-12;
            for (int world = 0; world < 3; world++)
                if (!taken[world] && Math.Abs(r[world, axis]) > bestAbs) { bestAbs = Math.Abs(r[world, axis]); best = world; }
            if (best < 0) { codes[axis] = '?'; continue; }
            codes[axis] = r[best, axis] > 0 ? Positive[best] : Negative[best];
            taken[best] = true;
        }
        return new string(codes);
    }

    /// <summary>The largest angle (degrees) between a voxel axis and the world axis nearest to it (0 for any axis-aligned storage).</summary>
    public static double ObliqueDegrees(Affine affine)
    {
        double worst = 0;
        for (int col = 0; col < 3; col++)
        {
            var u = new Vec3(affine[0, col], affine[1, col], affine[2, col]);
            if (u.Length == 0) continue;
            double cos = Math.Max(Math.Abs(u.X), Math.Max(Math.Abs(u.Y), Math.Abs(u.Z))) / u.Length;
            worst = Math.Max(worst, Math.Acos(Math.Clamp(cos, -1, 1)) * 180 / Math.PI);
        }
        return worst;
    }
}
