using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// Anima's overlap table of two labelled masks: Count[t, p] voxels in truth component t and prediction component p,
/// row 0 = prediction voxels outside every truth component, column 0 = truth voxels outside every prediction
/// component (component 0 is background, including components removed as too small).
/// </summary>
public sealed class ComponentOverlap
{
    public ComponentOverlap(int[] truthLabels, int truthCount, int[] predLabels, int predCount)
        : this(truthCount, predCount)
    {
        for (long n = 0; n < truthLabels.LongLength; n++) Count[truthLabels[n], predLabels[n]]++;
        Summarize();
    }

    /// <summary>Components of both masks with this connectivity (6, 18 or 26).</summary>
    public static ComponentOverlap Of(bool[] truth, bool[] pred, Shape3 shape, int connectivity)
    {
        var (t, nt) = ConnectedComponents.Label(truth, shape, connectivity);
        var (p, np) = ConnectedComponents.Label(pred, shape, connectivity);
        return new ComponentOverlap(t, nt, p, np);
    }

    public int TruthCount { get; }
    public int PredCount { get; }
    public long[,] Count { get; }

    /// <summary>Voxels of truth component t (row sum; t = 0: voxels outside every truth component).</summary>
    public long TruthSize(int t) => _truthSizes[t];

    /// <summary>Voxels of prediction component p (column sum).</summary>
    public long PredSize(int p) => _predSizes[p];

    /// <summary>Voxels in a labelled component of both masks, of the prediction only, of the truth only (components removed
    /// as too small count as background).</summary>
    public long TruePositiveVoxels { get; private set; }
    public long FalsePositiveVoxels { get; private set; }
    public long FalseNegativeVoxels { get; private set; }

    private long[] _truthSizes = [];
    private long[] _predSizes = [];

    /// <summary>Truth components overlapping at least one prediction voxel.</summary>
    public int TruthHit() => Enumerable.Range(1, TruthCount).Count(t => TruthSize(t) > Count[t, 0]);

    /// <summary>Prediction components overlapping at least one truth voxel.</summary>
    public int PredHit() => Enumerable.Range(1, PredCount).Count(p => PredSize(p) > Count[0, p]);

    /// <summary>The table with the roles of truth and prediction swapped.</summary>
    public ComponentOverlap Transposed()
    {
        var t = new ComponentOverlap(PredCount, TruthCount);
        for (int a = 0; a <= TruthCount; a++)
            for (int b = 0; b <= PredCount; b++) t.Count[b, a] = Count[a, b];
        t.Summarize();
        return t;
    }

    /// <summary>Row and column sums and the voxel counts, once (detection rules ask for sizes inside loops over lesion pairs).</summary>
    private void Summarize()
    {
        _truthSizes = new long[TruthCount + 1];
        _predSizes = new long[PredCount + 1];
        TruePositiveVoxels = 0;
        for (int t = 0; t <= TruthCount; t++)
            for (int p = 0; p <= PredCount; p++)
            {
                _truthSizes[t] += Count[t, p];
                _predSizes[p] += Count[t, p];
                if (t > 0 && p > 0) TruePositiveVoxels += Count[t, p];
            }
        FalsePositiveVoxels = _truthSizes[0] - Count[0, 0];
        FalseNegativeVoxels = _predSizes[0] - Count[0, 0];
    }

    private ComponentOverlap(int truthCount, int predCount)
    {
        TruthCount = truthCount;
        PredCount = predCount;
        Count = new long[truthCount + 1, predCount + 1];
    }
}
