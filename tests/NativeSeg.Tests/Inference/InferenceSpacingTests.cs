using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

/// <summary>predict --inference-spacing: an RA-U-Net's weights run on another grid, the probabilities land on the input's.</summary>
public class InferenceSpacingTests
{
    private static readonly Spacing Native = new(0.5, 0.5, 2);
    private static readonly Volume Image = SampleVolume.GaussianBlobs(new Shape3(40, 36, 10), Native, seed: 4);

    private static (PointwiseNet Net, Prediction Prediction) Predict(Spacing? grid)
    {
        var net = new PointwiseNet([3.0], [-1.0], architecture: Architecture.RaUNet);
        var options = new PredictionOptions { Patch = null, InferenceSpacing = grid };
        return (net, Predictors.Create(new ModelConfig { Kind = ModelKind.RaUNet }, net, options).Predict(Image));
    }

    [Fact]
    public void TheNetSeesTheInferenceGridAndTheProbabilitiesLandOnTheInputs()
    {
        var (net, coarse) = Predict(new Spacing(1, 1, 2));
        Assert.Equal([new Spacing(1, 1, 2)], net.Spacings);
        Assert.Equal([1L, 1, 20, 18, 10], net.InputShapes.Single());   // 20 x 18 mm in-plane at 1 mm
        Assert.Equal(Image.Shape, coarse.Probabilities.Shape);
        Assert.Equal(0, coarse.Probabilities.Affine.MaxAbsDifference(Image.Affine));

        // Pointwise logits of a smooth image: the coarse grid's answer is the native one up to resampling error.
        var native = Predict(null).Prediction.Probabilities.Voxels;
        double worst = native.Zip(coarse.Probabilities.Voxels).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(worst, 1e-4, 0.2);
    }

    [Fact]
    public void TheImagesOwnSpacingAsInferenceGridIsTheNativePrediction()
    {
        var native = Predict(null).Prediction.Probabilities.Voxels;
        var same = Predict(Native).Prediction.Probabilities.Voxels;
        Assert.Equal(native.Length, same.Length);
        Assert.True(native.Zip(same).All(p => Math.Abs(p.First - p.Second) < 1e-4));
    }

    [Fact]
    public void APlainUNetRefusesAnotherGrid()
    {
        var e = Assert.Throws<UserInputException>(() => Predictors.Create(new ModelConfig { Kind = ModelKind.UNet }, new PointwiseNet([1.0], [0.0]),
            new PredictionOptions { InferenceSpacing = Spacing.Isotropic(1) }));
        Assert.Contains("only a resolution-adaptive model", e.Message);
    }
}
