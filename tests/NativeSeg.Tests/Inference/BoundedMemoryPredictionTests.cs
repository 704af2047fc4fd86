using NativeSeg.Imaging;
using NativeSeg.Inference;
using NativeSeg.Nets;

namespace NativeSeg.Tests.Inference;

/// <summary>Whole-volume prediction under a memory budget: tiles that fit it, the one-pass answer for a pointwise net.</summary>
public class BoundedMemoryPredictionTests
{
    private static readonly ModelConfig Ra = new() { Kind = ModelKind.RaUNet };
    private static readonly Spacing Grid = new(0.8, 0.8, 2);

    [Fact]
    public void TheLargestWindowFitsTheBudgetAndOneMoreMillimetreWouldNot()
    {
        var volume = new Shape3(200, 220, 70);
        double budget = 2.0 * (1L << 30);
        Assert.True(MemoryEstimate.InferenceBytes(Ra, volume, Grid) > budget);
        var window = MemoryEstimate.LargestWindow(Ra, volume, Grid, budget);
        Assert.True(MemoryEstimate.InferenceBytes(Ra, window, Grid) <= budget);
        var larger = PatchSize.Physical(window.X * Grid.X + 1).For(Grid);
        Assert.True(MemoryEstimate.InferenceBytes(Ra, new Shape3(larger.X, larger.Y, Math.Min(larger.Z, volume.Z)), Grid) > budget);
        // a physical cube: about equal millimetres along the fine and the coarse axis
        Assert.InRange(window.Z * Grid.Z / (window.X * Grid.X), 0.9, 1.1);

        var e = Assert.Throws<InsufficientMemoryException>(() => MemoryEstimate.LargestWindow(Ra, volume, Grid, 0.1 * (1L << 30)));
        Assert.Contains("--max-memory budget of 0.1 GiB", e.Message);
    }

    [Fact]
    public void AVolumeAboveTheBudgetIsPredictedInTilesWithTheOnePassAnswer()
    {
        var image = SampleVolume.GaussianBlobs(new Shape3(60, 50, 20), Grid, seed: 6);
        // Between the smallest tile's need and the one pass's: the fixed base dominates a volume this small.
        double smallest = MemoryEstimate.InferenceBytes(Ra, new Shape3(8, 8, 8), Grid);
        double budget = smallest + 0.4 * (MemoryEstimate.InferenceBytes(Ra, image.Shape, Grid) - smallest);
        var whole = new PointwiseNet([2.5], [-0.7], kind: "ra-unet");
        var expected = Predictors.Create(Ra, whole, new PredictionOptions { Patch = null }).Predict(image).Probabilities.Voxels;
        var tiled = new PointwiseNet([2.5], [-0.7], kind: "ra-unet");
        var options = new PredictionOptions { Patch = null, MemoryBudgetBytes = budget };
        var predictor = (Predictor)Predictors.Create(Ra, tiled, options);
        var actual = predictor.Predict(image).Probabilities.Voxels;

        Assert.Single(whole.InputShapes);
        Assert.True(tiled.InputShapes.Count > 1, "no tiles");
        Assert.Equal(tiled.InputShapes.Count, predictor.PatchCount(image.Shape, Grid));
        Assert.All(tiled.InputShapes, s => Assert.True(MemoryEstimate.InferenceBytes(Ra, new Shape3((int)s[2], (int)s[3], (int)s[4]), Grid) <= budget));
        Assert.True(expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) < 1e-6));   // a pointwise net: blending changes nothing
    }
}
