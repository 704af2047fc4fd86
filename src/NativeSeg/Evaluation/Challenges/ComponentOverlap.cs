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
    {
        TruthCount = truthCount;
        PredCount = predCount;
        Count = new long[truthCount + 1, predCount + 1];
        for (long n = 0; n < truthLabels.LongLength; n++) Count[truthLabels[n], predLabels[n]]++;
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

    public long TruthSize(int t) { long s = 0; for (int p = 0; p <= PredCount; p++) s += Count[t, p]; return s; }

    public long PredSize(int p) { long s = 0; for (int t = 0; t <= TruthCount; t++) s += Count[t, p]; return s; }

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
        return t;
    }

    private ComponentOverlap(int truthCount, int predCount)
    {
        TruthCount = truthCount;
        PredCount = predCount;
        Count = new long[truthCount + 1, predCount + 1];
    }
}
