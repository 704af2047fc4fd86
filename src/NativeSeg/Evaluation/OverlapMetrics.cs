namespace NativeSeg.Evaluation;

/// <summary>Voxel-wise overlap and volume metrics.</summary>
public static class OverlapMetrics
{
    /// <summary>Dice = 2|P∩T| / (|P| + |T|); defined as 1.0 when both masks are empty (reported in notes).</summary>
    public static double Dice(bool[] pred, bool[] truth)
    {
        if (pred.Length != truth.Length) throw new ArgumentException("masks differ in size");
        long inter = 0, p = 0, t = 0;
        for (int n = 0; n < pred.Length; n++)
        {
            if (pred[n]) p++;
            if (truth[n]) t++;
            if (pred[n] && truth[n]) inter++;
        }
        return p + t == 0 ? 1.0 : 2.0 * inter / (p + t);
    }

    /// <summary>Foreground volume in millilitres (voxel count times voxel volume from the spacing).</summary>
    public static double VolumeMl(bool[] mask, NativeSeg.Imaging.Geometry.Spacing spacing) =>
        mask.LongCount(x => x) * Mask.VoxelVolumeMl(spacing);
}
