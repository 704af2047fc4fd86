using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Inference;

/// <summary>predict --geometry: which frame the RA-U-Net's kernels are realized in, chosen per volume and said in the log.</summary>
public class KernelGeometryPredictionTests
{
    private sealed class Notes : IPredictionProgress
    {
        public List<string> Lines { get; } = new();
        public void Note(string message) => Lines.Add(message);
    }

    private static readonly ModelConfig Config = new() { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 2, Classes = 1 };

    private static Volume Acquired(Mat3 directions)
    {
        var s = Spacing.Isotropic(1);
        var flat = SampleVolume.GaussianBlobs(new Shape3(12, 12, 8), s, seed: 2);
        var affine = new Affine([
            directions[0, 0], directions[0, 1], directions[0, 2], 0,
            directions[1, 0], directions[1, 1], directions[1, 2], 0,
            directions[2, 0], directions[2, 1], directions[2, 2], 0,
            0, 0, 0, 1]);
        return new Volume(flat.Shape, flat.Voxels, s, affine);
    }

    private static (KernelFrame Frame, List<string> Notes, float[] Probabilities) Predict(Volume volume, KernelGeometry? geometry)
    {
        using var net = new EquivariantUNet(Config, new Generator(4));
        var notes = new Notes();
        var prediction = Predictors.Create(Config, net, new PredictionOptions { Patch = null, Geometry = geometry }).Predict(volume, notes);
        return (net.Frame, notes.Lines, prediction.Probabilities.Voxels);
    }

    [Fact]
    public void AnObliqueVolumeIsPredictedInWorldGeometryByDefaultAndTheLogSaysSo()
    {
        var tilted = Mat3.RotationX(20 * Math.PI / 180) * Mat3.Diagonal(-1, 1, 1);
        var (frame, notes, _) = Predict(Acquired(tilted), null);
        Assert.Equal(KernelFrame.Of(Acquired(tilted).Affine), frame);
        Assert.Equal("kernels realized in world space (oblique by 20 degrees, mirrored storage)", Assert.Single(notes));

        var (forced, quiet, _) = Predict(Acquired(tilted), KernelGeometry.Voxel);
        Assert.Equal(KernelFrame.Voxel, forced);
        Assert.Empty(quiet);
    }

    [Fact]
    public void AnAxisAlignedVolumeStaysInVoxelGeometryUnlessWorldIsAsked()
    {
        var las = Acquired(Mat3.Diagonal(-1, 1, 1));
        Assert.Equal(KernelFrame.Voxel, Predict(las, null).Frame);
        var (frame, notes, _) = Predict(las, KernelGeometry.World);
        Assert.False(frame.IsProper);
        Assert.Contains("mirrored storage", Assert.Single(notes));
    }

    [Fact]
    public void AProperlyTiltedVolumeGetsTheSameProbabilitiesInEitherGeometry()
    {
        var tilted = Acquired(Mat3.RotationY(0.3) * Mat3.RotationX(0.2));
        var world = Predict(tilted, KernelGeometry.World).Probabilities;
        var voxel = Predict(tilted, KernelGeometry.Voxel).Probabilities;
        Assert.True(world.Zip(voxel).All(p => Math.Abs(p.First - p.Second) < 1e-5));
    }

    [Fact]
    public void APlainUNetRefusesWorldGeometry()
    {
        var e = Assert.Throws<UserInputException>(() => Predictors.Create(new ModelConfig { Kind = ModelKind.UNet }, new PointwiseNet([1.0], [0.0]),
            new PredictionOptions { Geometry = KernelGeometry.World }));
        Assert.Equal("--geometry world: only a resolution-adaptive model (ra-unet) realizes kernels in mm; unet kernels are fixed in voxels", e.Message);
    }
}
