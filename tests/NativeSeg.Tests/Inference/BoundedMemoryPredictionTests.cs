using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

/// <summary>Whole-volume prediction under a memory budget: tiles that fit it, the one-pass answer for a pointwise net.</summary>
public class BoundedMemoryPredictionTests
{
    private static readonly ModelConfig Ra = new() { Kind = ModelKind.RaUNet };
    private static readonly Spacing Grid = new(0.8, 0.8, 2);

    [Fact]
    public void TheTileFitsTheBudgetWithFewerVoxelsThanTheLargestCube()
    {
        // The paper-size RA-U-Net on a whole 1 mm brain under the default 4 GiB, windows overlapping by a quarter.
        var paper = new ModelConfig { Kind = ModelKind.RaUNet };
        var brain = new Shape3(182, 218, 182);
        var mm1 = Spacing.Isotropic(1);
        double budget = 4.0 * (1L << 30);
        Assert.True(BudgetTiling.PredictionBytes(paper, brain, brain, mm1) > budget);
        var tile = BudgetTiling.Tile(paper, brain, mm1, budget, stepFraction: 0.75);
        Assert.True(BudgetTiling.PredictionBytes(paper, brain, tile, mm1) <= budget);
        var tiles = new SlidingWindow(brain, tile, 0.75);
        double voxels = (double)tiles.Tiles.Count * tile.Count;

        // Against the largest cube that fits: every tile of the chosen tiling is smaller or the count is, and in all
        // the net sees fewer voxels.
        int edge = Enumerable.Range(8, 200).Last(e => BudgetTiling.PredictionBytes(paper, brain, new Shape3(e, e, e), mm1) <= budget);
        var cubes = new SlidingWindow(brain, new Shape3(edge, edge, edge), 0.75);
        double cubeVoxels = (double)cubes.Tiles.Count * cubes.Patch.Count;
        Assert.True(voxels < cubeVoxels, $"{tiles.Tiles.Count} tiles of {tile} ({voxels:0}) vs {cubes.Tiles.Count} cubes of {edge} ({cubeVoxels:0})");
        Assert.True(tiles.Tiles.Count == 4, $"{tiles.Tiles.Count} tiles of {tile}");
        Assert.Equal(8, cubes.Tiles.Count);

        var e = Assert.Throws<MemoryBudgetException>(() => BudgetTiling.Tile(Ra, new Shape3(200, 220, 70), Grid, 0.1 * (1L << 30), 0.5));
        Assert.Contains("--max-memory budget of 0.1 GiB", e.Message);

        // 600³ voxels hold 4.8 GiB in the prediction's six whole-grid float32 arrays alone: no tile leaves room for them.
        var huge = Assert.Throws<MemoryBudgetException>(() => BudgetTiling.Tile(Ra, new Shape3(600, 600, 600), mm1, budget, 0.75));
        Assert.Contains("beside the 600x600x600 volume's own arrays", huge.Message);
        Assert.DoesNotContain('\n', huge.Message);
    }

    [Fact]
    public void AVolumeThatFitsAlongAnAxisIsNotCutAlongIt()
    {
        var volume = new Shape3(200, 220, 12);
        double budget = 0.5 * (BudgetTiling.PredictionBytes(Ra, volume, volume, Grid) + BudgetTiling.PredictionBytes(Ra, volume, new Shape3(8, 8, 8), Grid));
        var tile = BudgetTiling.Tile(Ra, volume, Grid, budget, 0.5);
        Assert.Equal(12, tile.Z);
        Assert.True(BudgetTiling.PredictionBytes(Ra, volume, tile, Grid) <= budget);
    }

    [Fact]
    public void AVolumeAboveTheBudgetIsPredictedInTilesWithTheOnePassAnswer()
    {
        var image = SampleVolume.GaussianBlobs(new Shape3(60, 50, 20), Grid, seed: 6);
        // Between the smallest tile's need and the one pass's: the fixed base dominates a volume this small.
        double smallest = BudgetTiling.PredictionBytes(Ra, image.Shape, new Shape3(8, 8, 8), Grid);
        double budget = smallest + 0.4 * (BudgetTiling.PredictionBytes(Ra, image.Shape, image.Shape, Grid) - smallest);
        var whole = new PointwiseNet([2.5], [-0.7], architecture: Architecture.RaUNet);
        var expected = Predictors.Create(Ra, whole, new PredictionOptions { Patch = null }).Predict(image).Probabilities.Voxels;
        var tiled = new PointwiseNet([2.5], [-0.7], architecture: Architecture.RaUNet);
        var options = new PredictionOptions { Patch = null, MemoryBudgetBytes = budget };
        var predictor = (Predictor)Predictors.Create(Ra, tiled, options);
        var actual = predictor.Predict(image).Probabilities.Voxels;

        Assert.Single(whole.InputShapes);
        Assert.True(tiled.InputShapes.Count > 1, "no tiles");
        Assert.Equal(tiled.InputShapes.Count, predictor.PatchCount(image.Shape, Grid));
        Assert.All(tiled.InputShapes, s => Assert.True(BudgetTiling.PredictionBytes(Ra, image.Shape, new Shape3((int)s[2], (int)s[3], (int)s[4]), Grid) <= budget));
        Assert.True(expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) < 1e-6));   // a pointwise net: blending changes nothing

        // A budget the net's one pass fits but not with the volume's own arrays beside it: tiles, not one pass.
        double netOnly = MemoryEstimate.InferenceBytes(Ra, image.Shape, Grid);
        double withArrays = BudgetTiling.PredictionBytes(Ra, image.Shape, image.Shape, Grid);
        var between = (Predictor)Predictors.Create(Ra, new PointwiseNet([2.5], [-0.7], architecture: Architecture.RaUNet),
            new PredictionOptions { Patch = null, MemoryBudgetBytes = 0.5 * (netOnly + withArrays) });
        Assert.True(between.PatchCount(image.Shape, Grid) > 1);
    }
}
