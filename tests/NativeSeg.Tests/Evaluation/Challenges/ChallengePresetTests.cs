using NativeSeg.Imaging.Geometry;
using NativeSeg.Evaluation.Challenges;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Evaluation.Challenges;

/// <summary>
/// evaluate --preset: each challenge's definitions on small masks whose values were worked out by hand (the arithmetic is
/// in the comments), each case built to hit the rule that tells the definitions apart (connectivity, size floor,
/// detection thresholds, IoU threshold, in-plane boundary, ignored label).
/// </summary>
public class ChallengePresetTests
{
    private static bool[] Mask(Shape3 shape, params (int I, int J, int K)[] voxels)
    {
        var m = new bool[shape.Count];
        foreach (var (i, j, k) in voxels) m[shape.Index(i, j, k)] = true;
        return m;
    }

    private static (int, int, int)[] Box(int i0, int i1, int j0, int j1, int k = 0) =>
        [.. from j in Enumerable.Range(j0, j1 - j0 + 1) from i in Enumerable.Range(i0, i1 - i0 + 1) select (i, j, k)];

    [Fact]
    public void Shifts2022NormalisedDiceAndLesionF1()
    {
        var shape = new Shape3(10, 10, 1);
        // Truth: A 2x2 (4 voxels), B one voxel, C 3x3 (9). Prediction: 3 voxels of A, a 2-voxel false positive, a voxel
        // diagonal to B (not 6-connected, no overlap), 2 voxels of C (IoU 2/9 < 0.25).
        var truth = Mask(shape, [.. Box(1, 2, 1, 2), (7, 7, 0), .. Box(5, 7, 1, 3)]);
        var pred = Mask(shape, (1, 1, 0), (2, 1, 0), (1, 2, 0), (5, 5, 0), (5, 6, 0), (8, 8, 0), (5, 1, 0), (6, 1, 0));
        var m = new Shifts2022Metrics().Compute(new(pred, truth, shape, Spacing.Isotropic(1)));
        // |truth| = 14, TP = 5, FP = 3, FN = 9, N = 100: k = 0.999 * 14 / (0.001 * 86) = 162.6279..., nDSC = 10 / (3k + 19).
        Assert.Equal(0.019728390530372543, m["shifts_ndsc"]!.Value, 12);
        Assert.Equal(10.0 / 22, m["shifts_dice"]!.Value, 12);
        // Lesions: A found (IoU 3/4); the false positive, the diagonal voxel and the 2/9 overlap are FP; B and C are FN.
        // F1 = 1 / (1 + (3 + 2) / 2) = 2/7.
        Assert.Equal(2.0 / 7, m["shifts_lesion_f1"]!.Value, 12);
        var empty = new Shifts2022Metrics().Compute(new(new bool[shape.Count], new bool[shape.Count], shape, Spacing.Isotropic(1)));
        Assert.Equal([1.0, 1.0, 1.0], new[] { empty["shifts_ndsc"], empty["shifts_lesion_f1"], empty["shifts_dice"] });
    }

    [Fact]
    public void Wmh2017IgnoresOtherPathologyAndMeasuresHd95BetweenInPlaneBoundaries()
    {
        var shape = new Shape3(6, 6, 2);
        var spacing = new Spacing(1, 1, 2);
        var truth = Mask(shape, Box(1, 2, 1, 2));
        var ignore = Mask(shape, (4, 4, 0));
        // The prediction: the lesion, the "other pathology" voxel (removed) and a false positive one slice up.
        var pred = Mask(shape, [.. Box(1, 2, 1, 2), (4, 4, 0), (4, 1, 1)]);
        var m = new Wmh2017Metrics().Compute(new(pred, truth, shape, spacing, ignore));
        Assert.Equal(8.0 / 9, m["wmh_dice"]!.Value, 12);          // 2 * 4 / (5 + 4)
        Assert.Equal(25.0, m["wmh_avd_pct"]!.Value, 12);           // |4 - 5| / 4
        Assert.Equal(1.0, m["wmh_lesion_recall"]!.Value, 12);
        Assert.Equal(2.0 / 3, m["wmh_lesion_f1"]!.Value, 12);      // precision 1/2, recall 1
        // Truth -> prediction: 0 everywhere. Prediction -> truth: four 0s and sqrt(2² + 2²) from (4,1,1) to (2,1,0);
        // numpy's 95th percentile of [0, 0, 0, 0, 2.83] = 0.8 * 2.83.
        Assert.Equal(0.8 * Math.Sqrt(8), m["wmh_hd95_mm"]!.Value, 12);
        Assert.Null(new Wmh2017Metrics().Compute(new(new bool[shape.Count], truth, shape, spacing))["wmh_hd95_mm"]);
    }

    [Fact]
    public void Wmh2017BoundaryIsTheMaskMinusItsInPlaneErosionWithTheImageBorderAsForeground()
    {
        var shape = new Shape3(5, 5, 3);
        // A 3x3x3 block: in every slice only the centre survives the 3x3 in-plane erosion (the slices above and below
        // play no part, unlike a 3D erosion).
        var block = Mask(shape, [.. Box(1, 3, 1, 3, 0), .. Box(1, 3, 1, 3, 1), .. Box(1, 3, 1, 3, 2)]);
        var boundary = Wmh2017Metrics.Boundary(block, shape);
        Assert.Equal(3 * 8, boundary.Count(b => b));
        Assert.All(Enumerable.Range(0, 3), k => Assert.False(boundary[shape.Index(2, 2, k)]));
        // A slice filled to the image border has no boundary: outside the image counts as foreground.
        Assert.DoesNotContain(true, Wmh2017Metrics.Boundary(Mask(shape, Box(0, 4, 0, 4)), shape));
    }

    [Fact]
    public void Msseg2016AppliesAnimasSizeFloorAndDetectionThresholds()
    {
        var shape = new Shape3(12, 12, 1);
        var truth = Mask(shape,
        [
            .. Box(0, 2, 0, 2),     // T1, 9 voxels: 4 covered by P1 -> detected
            .. Box(5, 8, 0, 0),     // T2, 4 voxels: covered by P2, but 12 of P2's 16 voxels are outside (0.75 > beta)
            .. Box(10, 11, 0, 1),   // T3, 4 voxels: missed
            .. Box(0, 4, 4, 9),     // T4, 30 voxels: P5 covers 2 (0.067, not above alpha)
            .. Box(0, 2, 11, 11),   // 3 voxels: not more than 3 mm³, removed
        ]);
        var pred = Mask(shape,
        [
            .. Box(0, 1, 0, 1),     // P1 inside T1: detected
            .. Box(5, 8, 0, 3),     // P2: 4 of its 16 voxels on T2 (above alpha), T2 entirely inside it -> detected
            .. Box(0, 3, 11, 11),   // P3: on the removed truth only -> false positive
            (6, 10, 0), (7, 10, 0), // 2 voxels: removed
            (4, 5, 0), (4, 6, 0), (5, 5, 0), (5, 6, 0), // P5: 2 of 4 voxels on T4, but 28 of T4's 30 voxels are outside it
        ]);
        var m = new Msseg2016Metrics().Compute(new(pred, truth, shape, Spacing.Isotropic(1)));
        Assert.Equal(4, m["msseg_lesions_truth"]);
        Assert.Equal(4, m["msseg_lesions_pred"]);
        Assert.Equal(0.25, m["msseg_sensl"]!.Value, 12);           // T1 of 4
        Assert.Equal(0.5, m["msseg_ppvl"]!.Value, 12);             // P1, P2 of 4
        Assert.Equal(1.0 / 3, m["msseg_f1"]!.Value, 12);           // 2 * 0.5 * 0.25 / 0.75
        Assert.Equal(26.0 / 80, m["msseg_dice"]!.Value, 12);       // whole masks: 2 * 13 / (50 + 30)
    }

    [Theory]
    [InlineData(1.0, 4)]       // floor(3) + 1: strictly more than 3 mm³
    [InlineData(0.25, 13)]     // 0.5 x 0.5 x 1 mm
    [InlineData(0.9 * 0.9 * 3, 2)]
    public void Msseg2016SizeFloorIsStrictlyMoreThanThreeCubicMillimetres(double voxelMm3, int voxels) =>
        Assert.Equal(voxels, Msseg2016Metrics.MinVoxels(voxelMm3));

    [Fact]
    public void Msseg2016GivesAnimasNaNWithoutLesions()
    {
        var shape = new Shape3(4, 4, 1);
        var m = new Msseg2016Metrics().Compute(new(Mask(shape, Box(0, 1, 0, 1)), new bool[shape.Count], shape, Spacing.Isotropic(1)));
        Assert.Null(m["msseg_sensl"]);
        Assert.Equal(0.0, m["msseg_ppvl"]);
        Assert.Null(m["msseg_f1"]);
    }

    [Fact]
    public void Isbi2015CountsTwentySixConnectedLesions()
    {
        var shape = new Shape3(8, 8, 1);
        // T2 is two diagonal voxels: one lesion at 26-connectivity, hit by P2.
        var truth = Mask(shape, [.. Box(0, 1, 0, 1), (5, 5, 0), (6, 6, 0)]);
        var pred = Mask(shape, (0, 0, 0), (0, 1, 0), (6, 6, 0), (3, 3, 0), (3, 4, 0));
        var m = new Isbi2015Metrics().Compute(new(pred, truth, shape, Spacing.Isotropic(1)));
        Assert.Equal(6.0 / 11, m["isbi_dice"]!.Value, 12);         // 2 * 3 / (5 + 6)
        Assert.Equal(0.6, m["isbi_ppv"]!.Value, 12);
        Assert.Equal(0.5, m["isbi_tpr"]!.Value, 12);
        Assert.Equal(1.0, m["isbi_ltpr"]!.Value, 12);              // at 6-connectivity it would be 2/3
        Assert.Equal(1.0 / 3, m["isbi_lfpr"]!.Value, 12);          // P3 of three predicted lesions
        Assert.Equal(1.0 / 6, m["isbi_vd"]!.Value, 12);
        Assert.Equal(6.0 / 11 / 8 + 0.6 / 8 + (2.0 / 3) / 4 + 1.0 / 4, m["isbi_score_without_corr"]!.Value, 12);
    }

    [Fact]
    public void EveryPresetNamesItsColumnsOnceAndParsesByName()
    {
        foreach (var metrics in ChallengeMetrics.All)
        {
            Assert.Equal(metrics.Preset, ChallengeMetrics.Parse(EnumNames.Name(metrics.Preset)));
            var shape = new Shape3(3, 3, 1);
            Assert.Equal(metrics.Columns.Select(c => c.Name), metrics.Compute(new(new bool[9], Mask(shape, (1, 1, 0)), shape, Spacing.Isotropic(1))).Keys);
        }
        Assert.False(ChallengeMetrics.HigherIsBetter("wmh_hd95_mm"));
        Assert.Null(ChallengeMetrics.HigherIsBetter("dice"));
        Assert.Equal("--preset 'brats': expected msseg2016, isbi2015, wmh2017 or shifts2022", Assert.Throws<UserInputException>(() => ChallengeMetrics.Parse("brats")).Message);
    }
}
