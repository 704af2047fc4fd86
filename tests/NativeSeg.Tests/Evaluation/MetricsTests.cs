using NativeSeg.Imaging.Geometry;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Evaluation;

public class MetricsTests
{
    private static bool[] Mask(Shape3 s, params (int, int, int)[] on)
    {
        var m = new bool[s.Count];
        foreach (var (i, j, k) in on) m[s.Index(i, j, k)] = true;
        return m;
    }

    [Fact]
    public void DiceAndVolumesOnHandMadeMasks()
    {
        var s = new Shape3(4, 4, 4);
        var t = Mask(s, (0, 0, 0), (1, 0, 0), (2, 0, 0));
        var p = Mask(s, (1, 0, 0), (2, 0, 0), (3, 3, 3), (3, 3, 2));
        Assert.Equal(2.0 * 2 / 7, OverlapMetrics.Dice(p, t), 12);
        Assert.Equal(1.0, OverlapMetrics.Dice(new bool[64], new bool[64]));
        Assert.Equal(0.0, OverlapMetrics.Dice(p, new bool[64]));
        // 3 voxels of 0.5*0.5*3 mm = 0.75 mm³ each -> 2.25 mm³ = 0.00225 mL.
        Assert.Equal(0.00225, OverlapMetrics.VolumeMl(t, new Spacing(0.5, 0.5, 3)), 12);
    }

    [Fact]
    public void FaceConnectivitySplitsWhatEdgesAndCornersJoin()
    {
        var s = new Shape3(6, 6, 6);
        // face pair, edge pair, corner pair: 26-connectivity joins each pair, 6-connectivity only the face pair
        var m = Mask(s, (0, 0, 0), (1, 0, 0), (4, 0, 0), (5, 1, 0), (0, 4, 4), (1, 5, 5));
        Assert.Equal(3, ConnectedComponents.Label26(m, s).Count);
        var (labels, count) = ConnectedComponents.Label6(m, s);
        Assert.Equal(5, count);
        Assert.Equal(labels[s.Index(0, 0, 0)], labels[s.Index(1, 0, 0)]);
        Assert.NotEqual(labels[s.Index(4, 0, 0)], labels[s.Index(5, 1, 0)]);
        Assert.Equal(0, labels[s.Index(3, 3, 3)]);
    }

    [Fact]
    public void LesionsAre26ConnectedAndMatchedByOneVoxelOverlap()
    {
        var s = new Shape3(8, 8, 8);
        // Truth: lesion A = two voxels touching only at a corner (one lesion under 26-connectivity), lesion B far away.
        var t = Mask(s, (0, 0, 0), (1, 1, 1), (6, 6, 6));
        // Pred: one voxel on lesion A's corner voxel, plus two separate false positives.
        var p = Mask(s, (1, 1, 1), (4, 0, 0), (0, 6, 0));
        Assert.Equal(2, ConnectedComponents.Label26(t, s).Count);
        var m = LesionMetrics.Compute(p, t, s);
        Assert.Equal(2, m.TruthLesions);
        Assert.Equal(3, m.PredLesions);
        Assert.Equal(0.5, m.Tpr, 12);
        Assert.Equal(2.0 / 3, m.Fpr, 12);
        double precision = 1.0 / 3, recall = 0.5;
        Assert.Equal(2 * precision * recall / (precision + recall), m.F1, 12);
    }

    [Fact]
    public void EdtMatchesBruteForceWithAnisotropicSpacing()
    {
        var s = new Shape3(7, 5, 6);
        var sp = new Spacing(0.7, 1.3, 3.1);
        var rng = new Random(7);
        var f = Enumerable.Range(0, (int)s.Count).Select(_ => rng.NextDouble() < 0.05).ToArray();
        f[s.Index(3, 2, 1)] = true;
        var d2 = DistanceTransform.SquaredEdt(f, s, sp);
        for (int k = 0; k < s.Z; k++)
        for (int j = 0; j < s.Y; j++)
        for (int i = 0; i < s.X; i++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < s.Z; c++)
            for (int b = 0; b < s.Y; b++)
            for (int a = 0; a < s.X; a++)
            {
                if (!f[s.Index(a, b, c)]) continue;
                double dx = (i - a) * sp.X, dy = (j - b) * sp.Y, dz = (k - c) * sp.Z;
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }
            Assert.Equal(best, d2[s.Index(i, j, k)], 9);
        }
    }

    [Fact]
    public void Hd95OfParallelPlanesIsTheirSpacingAwareDistance()
    {
        var s = new Shape3(6, 6, 8);
        var sp = new Spacing(0.5, 0.5, 3.0);
        var a = new bool[s.Count];
        var b = new bool[s.Count];
        for (int j = 0; j < 6; j++)
        for (int i = 0; i < 6; i++) { a[s.Index(i, j, 2)] = true; b[s.Index(i, j, 5)] = true; }
        Assert.Equal(9.0, HausdorffDistance.Hd95(a, b, s, sp)!.Value, 9);
        Assert.Null(HausdorffDistance.Hd95(a, new bool[s.Count], s, sp));
    }

    [Fact]
    public void Hd95PoolsBothDirectionsWithNumpyPercentile()
    {
        // A = one voxel, B = A plus a voxel 10 voxels away along i (spacing 2 mm). Directed A->B: {0};
        // B->A: {0, 20}. Pooled sorted [0, 0, 20]: 95th percentile at position 1.9 -> 0 + 0.9*20 = 18.
        var s = new Shape3(12, 1, 1);
        var sp = new Spacing(2, 1, 1);
        var a = new bool[12];
        a[0] = true;
        var b = (bool[])a.Clone();
        b[10] = true;
        Assert.Equal(18.0, HausdorffDistance.Hd95(a, b, s, sp)!.Value, 9);
    }
}
