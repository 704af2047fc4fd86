using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using Xunit.Abstractions;

namespace NativeSeg.Tests.Inference;

/// <summary>Prediction under a model on a 1 mm grid: the net sees 1 mm, the probabilities land on the input's grid.</summary>
public class ResampledGridPredictionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ModelKind.UNet1mm, Architecture.UNet)]
    [InlineData(ModelKind.RaUNet1mm, Architecture.RaUNet)]
    public void AModelOnThe1mmGridPredictsAt1mmAndLandsOnTheNativeGrid(ModelKind kind, Architecture architecture)
    {
        // 0.5 x 0.5 x 3 mm, 24 x 20 x 30 mm field of view; 1 mm grid: 24 x 20 x 30 voxels.
        var spacing = new Spacing(0.5, 0.5, 3);
        var volume = SampleVolume.GaussianBlobs(new Shape3(48, 40, 10), spacing, seed: 2);
        var net = new PointwiseNet([3.0], [-1.0], architecture: architecture);
        var predictor = Predictors.Create(new ModelConfig { Kind = kind }, net, new PredictionOptions { Patch = 16 });
        var prediction = predictor.Predict(volume);

        Assert.All(net.Spacings, s => Assert.Equal(Spacing.Isotropic(1), s));
        Assert.All(net.InputShapes, s => Assert.Equal(16, s[2]));
        var p = prediction.Probabilities;
        Assert.Equal(volume.Shape, p.Shape);
        Assert.Equal(0, p.Affine.MaxAbsDifference(volume.Affine));
        Assert.Equal(volume.Spacing, p.Spacing);
        Assert.All(p.Voxels, v => Assert.InRange(v, 0f, 1f));

        // The same smooth picture predicted natively: away from the faces (where the 1 mm grid's mirror boundary
        // differs) the two agree up to resampling error; a prediction misplaced by one 1 mm voxel along i, or
        // mirrored along k, would not.
        var native = new Predictor(new PointwiseNet([3.0], [-1.0])).Predict(volume).Probabilities;
        double error = 0, shifted = 0, mirrored = 0;
        var s = volume.Shape;
        for (int k = 1; k < s.Z - 1; k++)
            for (int j = 2; j < s.Y - 2; j++)
                for (int i = 2; i < s.X - 2; i++)
                {
                    error = Math.Max(error, Math.Abs(p[i, j, k] - native[i, j, k]));
                    shifted = Math.Max(shifted, Math.Abs(p[i, j, k] - native[i + 2, j, k]));
                    mirrored = Math.Max(mirrored, Math.Abs(p[i, j, k] - native[i, j, s.Z - 1 - k]));
                }
        output.WriteLine($"max |p_1mm - p_native| = {error:G3}; vs shifted 1 mm: {shifted:G3}; vs mirrored: {mirrored:G3}");
        Assert.True(error < 0.05, $"max difference {error}");
        Assert.True(shifted > 2 * error && mirrored > 2 * error, $"control differences {shifted}, {mirrored} not above {error}");
        // Thresholding is > 0.5 on the native-grid probabilities.
        for (long n = 0; n < p.Voxels.LongLength; n++) Assert.Equal(p.Voxels[n] > 0.5 ? 1 : 0, prediction.Mask[n]);
        Assert.Contains((byte)1, prediction.Mask);
        Assert.Contains((byte)0, prediction.Mask);
    }
}
