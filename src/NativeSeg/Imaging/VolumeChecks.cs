namespace NativeSeg.Imaging;

/// <summary>Input checks commands call before work that cannot accept some values.</summary>
public static class VolumeChecks
{
    /// <summary>Throws an <see cref="InvalidDataException"/> naming the file, the first bad voxel and how many there are if any voxel is NaN or infinite.</summary>
    public static void RequireFinite(Volume volume, string path)
    {
        var v = volume.Voxels;
        long bad = 0, first = -1;
        for (long i = 0; i < v.LongLength; i++)
            if (!float.IsFinite(v[i]))
            {
                if (first < 0) first = i;
                bad++;
            }
        if (bad == 0) return;
        var s = volume.Shape;
        long k = first / ((long)s.X * s.Y), j = first / s.X % s.Y, i0 = first % s.X;
        throw new InvalidDataException(
            $"{path}: {bad} voxel(s) are NaN or infinite (first at i,j,k = {i0},{j},{k}: {v[first]}); this command needs finite values");
    }

    /// <summary>Throws unless both volumes are on the same grid (shape and affine within <paramref name="toleranceMm"/>).</summary>
    public static void RequireSameGrid(Volume a, Volume b, string pathA, string pathB, double toleranceMm = 1e-3)
    {
        if (a.Shape != b.Shape)
            throw new InvalidDataException($"{pathB}: shape {b.Shape} differs from {pathA} ({a.Shape})");
        double d = a.Affine.MaxAbsDifference(b.Affine);
        if (d > toleranceMm)
            throw new InvalidDataException($"{pathB}: affine differs from {pathA} by up to {d:G3} mm; resample onto the same grid first");
    }
}
