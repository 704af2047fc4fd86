namespace NativeSeg.Imaging.Resampling;

/// <summary>
/// For one axis: which source samples (and weights) make each output sample, when output index o sits at
/// source index x = scale·o + offset. Shared by every line along that axis, so weights are computed once.
/// </summary>
internal sealed class AxisPlan
{
    private AxisPlan(int sourceCount, int outputCount, int taps)
    {
        SourceCount = sourceCount;
        OutputCount = outputCount;
        Taps = taps;
        Index = new int[outputCount * taps];
        Weight = new double[outputCount * taps];
        Inside = new bool[outputCount];
    }

    public int SourceCount { get; }
    public int OutputCount { get; }
    public int Taps { get; }
    public int[] Index { get; }
    public double[] Weight { get; }
    public bool[] Inside { get; }

    public static int TapCount(Interpolation method) => method switch
    {
        Interpolation.Nearest => 1,
        Interpolation.Linear => 2,
        _ => 4,
    };

    public static AxisPlan Create(int sourceCount, int outputCount, double scale, double offset, Interpolation method)
    {
        var plan = new AxisPlan(sourceCount, outputCount, TapCount(method));
        Span<double> w = stackalloc double[4];
        Span<int> idx = stackalloc int[4];
        for (int o = 0; o < outputCount; o++)
        {
            double x = scale * o + offset;
            plan.Inside[o] = MirrorBoundary.Inside(x, sourceCount);
            if (!plan.Inside[o]) continue;
            TapsAt(x, sourceCount, method, idx, w);
            for (int t = 0; t < plan.Taps; t++)
            {
                plan.Index[o * plan.Taps + t] = idx[t];
                plan.Weight[o * plan.Taps + t] = w[t];
            }
        }
        return plan;
    }

    /// <summary>Output sample o is source sample o (used to prefilter without moving).</summary>
    public static AxisPlan Identity(int count)
    {
        var plan = new AxisPlan(count, count, 1);
        for (int o = 0; o < count; o++)
        {
            plan.Index[o] = o;
            plan.Weight[o] = 1;
            plan.Inside[o] = true;
        }
        return plan;
    }

    /// <summary>Source indices (mirrored into range) and weights at position x.</summary>
    public static void TapsAt(double x, int n, Interpolation method, Span<int> index, Span<double> weight)
    {
        switch (method)
        {
            case Interpolation.Nearest:
                index[0] = Math.Clamp((int)Math.Floor(x + 0.5), 0, n - 1);
                weight[0] = 1;
                break;
            case Interpolation.Linear:
            {
                double xm = MirrorBoundary.Coordinate(x, n);
                int i0 = Math.Min((int)Math.Floor(xm), n - 1);
                double t = xm - i0;
                index[0] = i0;
                index[1] = Math.Min(i0 + 1, n - 1);
                weight[0] = 1 - t;
                weight[1] = t;
                break;
            }
            default:
            {
                int i0 = (int)Math.Floor(x);
                CubicBSpline.Weights(x - i0, weight);
                for (int t = 0; t < 4; t++) index[t] = MirrorBoundary.Index(i0 - 1 + t, n);
                break;
            }
        }
    }
}
