namespace NativeSeg.Imaging.Preprocessing;

/// <summary>Min, max and mean of the finite voxels, and how many voxels were NaN or infinite.</summary>
public readonly record struct ImageStatistics(double Min, double Max, double Mean, long FiniteCount, long NonFiniteCount)
{
    public static ImageStatistics Of(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long finite = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            finite++;
        }
        return finite == 0
            ? new ImageStatistics(double.NaN, double.NaN, double.NaN, 0, values.Length)
            : new ImageStatistics(min, max, sum / finite, finite, values.Length - finite);
    }
}
