namespace NativeSeg.Imaging.Preprocessing;

/// <summary>
/// Per-volume z-score over the nonzero (brain) voxels, as nnU-Net does for MRI. Background stays 0 so
/// zero padding and skull-stripped background look alike to the network.
/// </summary>
public static class IntensityNormalization
{
    public static float[] ZScoreNonzero(ReadOnlySpan<float> voxels)
    {
        double sum = 0, sumSquares = 0;
        long count = 0;
        foreach (var v in voxels)
        {
            if (v == 0) continue;
            sum += v;
            sumSquares += (double)v * v;
            count++;
        }
        var result = new float[voxels.Length];
        if (count == 0) return result;
        double mean = sum / count;
        double sd = Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean));
        double scale = sd > 1e-8 ? 1 / sd : 1;
        for (int i = 0; i < voxels.Length; i++)
            result[i] = voxels[i] == 0 ? 0 : (float)((voxels[i] - mean) * scale);
        return result;
    }

    public static Volume ZScoreNonzero(Volume volume) => volume.WithVoxels(ZScoreNonzero(volume.Voxels));
}
