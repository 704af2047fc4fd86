namespace NativeSeg.Imaging.Resampling;

/// <summary>
/// Resamples a 3D array along one axis. The array is viewed as [outer][n][inner] (inner = the faster axes);
/// blocks of up to 512 neighbouring lines are copied into n contiguous rows so the B-spline recursion and
/// the taps run over whole rows, then written back. Blocks run in parallel.
/// </summary>
internal static class SeparablePass
{
    private const int BlockWidth = 512;

    public static float[] Run(float[] source, int[] dims, int axis, AxisPlan plan, bool prefilter)
    {
        int n = dims[axis], m = plan.OutputCount;
        long inner = 1, outer = 1;
        for (int d = 0; d < axis; d++) inner *= dims[d];
        for (int d = axis + 1; d < 3; d++) outer *= dims[d];
        long blocksPerOuter = (inner + BlockWidth - 1) / BlockWidth;
        var output = new float[inner * m * outer];
        var initWeights = prefilter ? CubicBSpline.CausalInitWeights(n) : null;
        int taps = plan.Taps;

        Parallel.For(0L, outer * blocksPerOuter,
            () => (Rows: new double[(long)n * Math.Min(inner, BlockWidth)], Out: new double[Math.Min(inner, BlockWidth)]),
            (item, _, scratch) =>
            {
                long o = item / blocksPerOuter;
                long start = item % blocksPerOuter * BlockWidth;
                int width = (int)Math.Min(BlockWidth, inner - start);
                var rows = scratch.Rows;
                for (int r = 0; r < n; r++)
                {
                    long src = start + inner * (r + n * o);
                    for (int x = 0; x < width; x++) rows[r * width + x] = source[src + x];
                }
                if (initWeights != null) CubicBSpline.Prefilter(rows, n, width, initWeights);

                var acc = scratch.Out;
                for (int q = 0; q < m; q++)
                {
                    long dst = start + inner * (q + (long)m * o);
                    if (!plan.Inside[q])
                    {
                        Array.Clear(output, (int)dst, width);
                        continue;
                    }
                    Array.Clear(acc, 0, width);
                    for (int t = 0; t < taps; t++)
                    {
                        double w = plan.Weight[q * taps + t];
                        int rowStart = plan.Index[q * taps + t] * width;
                        for (int x = 0; x < width; x++) acc[x] += w * rows[rowStart + x];
                    }
                    for (int x = 0; x < width; x++) output[dst + x] = (float)acc[x];
                }
                return scratch;
            },
            _ => { });
        return output;
    }
}
