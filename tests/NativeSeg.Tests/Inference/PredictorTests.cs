using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using Xunit.Abstractions;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

public class PredictorTests(ITestOutputHelper output)
{
    private static Volume Blobs(Shape3 shape, Spacing spacing, int seed = 1) => SampleVolume.GaussianBlobs(shape, spacing, seed);

    [Fact]
    public void Pointwise_sigmoid_matches_the_formula_voxel_by_voxel_in_both_modes()
    {
        // Anisotropic sizes catch axis mix-ups between NIfTI order and [X, Y, Z] tensors.
        var volume = Blobs(new Shape3(21, 17, 11), new Spacing(0.9, 1.1, 2.5));
        var net = new PointwiseNet([0.8], [-0.3]);
        var z = IntensityNormalization.ZScoreNonzero(volume.Voxels);
        var expected = z.Select(v => 1 / (1 + Math.Exp(-net.Logit(0, v)))).ToArray();
        foreach (int? patch in new int?[] { null, 8, 12 })
        {
            var p = new Predictor(net, new PredictionOptions { Patch = patch }).Predict(volume).Probabilities.Voxels;
            double maxError = expected.Zip(p, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(maxError < 1e-6, $"patch {patch}: max error {maxError}");
        }
        Assert.All(net.Spacings, s => Assert.Equal(volume.Spacing, s));
    }

    [Fact]
    public void Two_classes_use_the_softmax_foreground()
    {
        var volume = Blobs(new Shape3(12, 10, 9), Spacing.Isotropic(1));
        var net = new PointwiseNet([0.5, -1.2], [0.1, 0.4]);
        var z = IntensityNormalization.ZScoreNonzero(volume.Voxels);
        var prediction = new Predictor(net, new PredictionOptions { Patch = 6 }).Predict(volume);
        for (int n = 0; n < z.Length; n++)
        {
            double l0 = net.Logit(0, z[n]), l1 = net.Logit(1, z[n]);
            double expected = Math.Exp(l1) / (Math.Exp(l0) + Math.Exp(l1));
            Assert.Equal(expected, prediction.Probabilities.Voxels[n], 5);
            Assert.Equal(expected > 0.5 ? 1 : 0, prediction.Mask[n]);
        }
    }

    [Fact]
    public void Sliding_window_agrees_with_whole_volume_away_from_patch_faces()
    {
        var volume = Blobs(new Shape3(30, 26, 22), new Spacing(1, 1, 1.5), seed: 4);
        var net = new SmallConvNet();
        const int patch = 12, radius = 1; // the net's receptive field is 3x3x3
        var whole = new Predictor(net, new PredictionOptions { Patch = null }).Predict(volume).Probabilities;
        var sliding = new Predictor(net, new PredictionOptions { Patch = patch }).Predict(volume).Probabilities;
        var window = new SlidingWindow(volume.Shape, new Shape3(patch, patch, patch));
        Assert.Equal(1 + window.Tiles.Count, net.Spacings.Count);

        // A patch sees zero padding where the whole volume has neighbours only within the receptive-field radius
        // of its internal faces. Elsewhere every patch computes exactly the whole-volume logits, so their weighted
        // mean must equal them. At the faces the difference is inherent to Gaussian blending (nnU-Net's too): the
        // face weight is about exp(-8) of a central one, times the padding error.
        var s = volume.Shape;
        var nearFace = Enumerable.Range(0, 3).Select(axis => NearInternalFace(s[axis], window.Patch[axis], radius)).ToArray();
        double maxAway = 0, maxAtFaces = 0;
        int away = 0;
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                {
                    double d = Math.Abs(whole[i, j, k] - sliding[i, j, k]);
                    if (nearFace[0][i] || nearFace[1][j] || nearFace[2][k]) maxAtFaces = Math.Max(maxAtFaces, d);
                    else { maxAway = Math.Max(maxAway, d); away++; }
                }
        output.WriteLine($"away from faces ({away} voxels): {maxAway:G3}; at faces: {maxAtFaces:G3}");
        Assert.True(away > s.Count / 5, $"only {away} voxels away from patch faces");
        Assert.True(maxAway < 1e-5, $"max difference away from patch faces {maxAway}");
        Assert.True(maxAtFaces < 2e-3, $"max difference at patch faces {maxAtFaces}");
        Assert.True(maxAtFaces > 0, "patch faces should see the padding (else this test measures nothing)");
    }

    /// <summary>Per voxel along one axis: within <paramref name="radius"/> of a face of some tile that is not a volume face.</summary>
    private static bool[] NearInternalFace(int size, int patch, int radius)
    {
        var near = new bool[size];
        foreach (int start in SlidingWindow.Starts(size, patch))
            for (int r = 0; r < radius; r++)
            {
                if (start > 0) near[start + r] = true;
                if (start + patch < size) near[start + patch - 1 - r] = true;
            }
        return near;
    }

    [Fact]
    public void A_patch_larger_than_the_volume_is_one_clipped_pass()
    {
        var volume = Blobs(new Shape3(9, 7, 5), Spacing.Isotropic(1));
        var net = new PointwiseNet([1.0], [0.0]);
        var predictor = new Predictor(net, new PredictionOptions { Patch = 120 });
        Assert.Equal(1, predictor.PatchCount(volume.Shape, volume.Spacing));
        predictor.Predict(volume);
        Assert.Equal(new long[] { 1, 1, 9, 7, 5 }, net.InputShapes.Single());
    }

    [Fact]
    public void Nan_input_and_unsupported_nets_are_refused()
    {
        var volume = Blobs(new Shape3(6, 6, 6), Spacing.Isotropic(1));
        volume.Voxels[10] = float.NaN;
        var e = Assert.Throws<InvalidDataException>(() => new Predictor(new PointwiseNet([1.0], [0.0])).Predict(volume));
        Assert.Contains("NaN", e.Message);
        Assert.Throws<UserInputException>(() => new Predictor(new PointwiseNet([1.0, 1, 1], [0.0, 0, 0])));
        Assert.Throws<UserInputException>(() => new Predictor(new PointwiseNet([1.0], [0.0]), new PredictionOptions { Device = "tpu" }));
    }
}
