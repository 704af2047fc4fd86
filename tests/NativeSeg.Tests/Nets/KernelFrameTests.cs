using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>Kernels realized in world space (docs/results/oblique.md): the frame, the Wigner D identity and what it implies for a whole net.</summary>
public class KernelFrameTests(ITestOutputHelper output)
{
    private static Mat3 Tilt(double aboutX, double aboutY) => Mat3.RotationY(aboutY * Math.PI / 180) * Mat3.RotationX(aboutX * Math.PI / 180);

    private static Affine AffineOf(Mat3 directions, Spacing s) => new([
        directions[0, 0] * s.X, directions[0, 1] * s.Y, directions[0, 2] * s.Z, 3,
        directions[1, 0] * s.X, directions[1, 1] * s.Y, directions[1, 2] * s.Z, -7,
        directions[2, 0] * s.X, directions[2, 1] * s.Y, directions[2, 2] * s.Z, 11,
        0, 0, 0, 1]);

    private static Tensor ToTensor(Mat3 m) =>
        tensor(new double[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2] }, ScalarType.Float64).view(3, 3);

    [Fact]
    public void TheFrameIsTheAffinesDirectionCosinesAndTheDefaultPicksWorldOnlyForObliqueAffines()
    {
        var spacing = new Spacing(0.5, 0.7, 4);
        var las = Mat3.Diagonal(-1, 1, 1);
        var frame = KernelFrame.Of(AffineOf(las, spacing));
        Assert.Equal(new KernelFrame(new(-1, 0, 0), new(0, 1, 0), new(0, 0, 1)), frame);
        Assert.True(frame.IsAxisAligned);
        Assert.False(frame.IsProper);
        Assert.Equal(KernelFrame.Voxel, KernelFrame.For(AffineOf(las, spacing), null));
        Assert.Equal(frame, KernelFrame.For(AffineOf(las, spacing), KernelGeometry.World));

        var tilted = Tilt(15, 5) * las;
        var oblique = KernelFrame.Of(AffineOf(tilted, spacing));
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(tilted[r, c], oblique.Matrix[r, c], 12);
        Assert.False(oblique.IsAxisAligned);
        Assert.Equal(oblique, KernelFrame.For(AffineOf(tilted, spacing), null));
        Assert.Equal(KernelFrame.Voxel, KernelFrame.For(AffineOf(tilted, spacing), KernelGeometry.Voxel));
        Assert.Equal(15.8, Orientation.ObliqueDegrees(AffineOf(tilted, spacing)), 1);
        // Within the 1e-3 tolerance a (float32-noisy) affine still counts as axis-aligned.
        Assert.Equal(KernelFrame.Voxel, KernelFrame.For(AffineOf(Tilt(0.03, 0), spacing), null));
    }

    [Fact]
    public void AKernelRealizedInARotatedFrameIsTheWignerDRotationOfTheVoxelFrameKernelAtEveryLatticePoint()
    {
        // K(R x) = D_out(R) K(x) D_in(R)^T for the kernel as a function of the physical offset, so at every lattice index t
        // the world-frame kernel (evaluated at R(t∘s)) equals the voxel-frame one (at t∘s) turned by the Wigner D matrices.
        using var scope = NewDisposeScope();
        Irreps irrepsIn = "2x0e+1x1e+1x2e", irrepsOut = "1x0e+2x1e+1x2e";
        using var conv = new ResolutionAdaptiveConvolution(irrepsIn, irrepsOut, 5.0, generator: new Generator(11), dtype: ScalarType.Float64);
        var spacing = new Spacing(0.6, 0.8, 1.7);
        var voxel = conv.Realize(spacing);
        var rotation = Tilt(23, -8);
        conv.Frame = KernelFrame.Of(AffineOf(rotation, spacing));
        var world = conv.Realize(spacing);
        Assert.Equal(voxel.shape, world.shape);
        var r = ToTensor(conv.Frame.Matrix);
        var dOut = WignerD.ForIrreps(irrepsOut, r);
        var dIn = WignerD.ForIrreps(irrepsIn, r);
        var expected = einsum("oi,ijxyz,kj->okxyz", dOut, voxel, dIn);
        double error = (world - expected).abs().max().item<double>(), scale = voxel.abs().max().item<double>();
        output.WriteLine($"max |K_world - D K_voxel D^T| = {error:E2} (kernel scale {scale:E2})");
        Assert.InRange(error, 0, 1e-12 * Math.Max(1, scale));
        Assert.True((world - voxel).abs().max().item<double>() > 1e-3 * scale, "the rotation must change the l > 0 blocks");
    }

    private static EquivariantUNet TinyNet() => new(new ModelConfig { IrrepsMultiplicity = 1, Levels = 2, InputChannels = 1, Classes = 1 }, new Generator(5));

    [Fact]
    public void ForAProperRotationTheNetsLogitsDoNotDependOnTheFrame()
    {
        // Every feature of the world-frame net is D(R) times the voxel-frame one; norms, gates and the scalar head cannot tell.
        using var scope = NewDisposeScope();
        using var net = TinyNet();
        net.eval();
        using var _ = no_grad();
        var x = randn(new long[] { 1, 1, 12, 10, 6 }, generator: new Generator(6));
        var spacing = new Spacing(0.9, 1.1, 2);
        var voxel = net.forward(x, spacing);
        net.Frame = KernelFrame.Of(AffineOf(Tilt(20, 10), spacing));
        var world = net.forward(x, spacing);
        double difference = (world - voxel).abs().max().item<float>();
        output.WriteLine($"proper 20/10 degree frame: max |logit difference| = {difference:E2} (logit scale {voxel.abs().max().item<float>():F2})");
        Assert.InRange(difference, 0, 1e-4);
        Assert.All(net.Convolutions, c => Assert.Equal(net.Frame, c.Frame));
    }

    [Fact]
    public void InWorldGeometryMirroredStorageGivesTheMirroredResultWhileVoxelGeometryDoesNot()
    {
        // An SO(3) net is not mirror-equivariant: stored L-R flipped (LAS vs RAS), voxel geometry sees a mirror image.
        // World geometry realizes the kernels at the true offsets, so the flipped file's logits are the flipped logits.
        using var scope = NewDisposeScope();
        using var net = TinyNet();
        net.eval();
        using var _ = no_grad();
        var spacing = Spacing.Isotropic(1);
        var x = randn(new long[] { 1, 1, 8, 8, 8 }, generator: new Generator(8));   // a multiple of the pooling: no one-sided padding
        var flipped = x.flip(2);
        var ras = AffineOf(Mat3.Identity, spacing);
        var las = AffineOf(Mat3.Diagonal(-1, 1, 1), spacing);

        net.Frame = KernelFrame.For(ras, KernelGeometry.World);
        var reference = net.forward(x, spacing);
        net.Frame = KernelFrame.For(las, KernelGeometry.World);
        double world = (net.forward(flipped, spacing).flip(2) - reference).abs().max().item<float>();
        net.Frame = KernelFrame.For(las, KernelGeometry.Voxel);
        double voxel = (net.forward(flipped, spacing).flip(2) - reference).abs().max().item<float>();
        output.WriteLine($"flipped storage: world geometry max |difference| = {world:E2}, voxel geometry {voxel:E2}");
        Assert.InRange(world, 0, 1e-4);
        Assert.True(voxel > 1e-3, $"voxel geometry should see a mirror image (difference {voxel:E2})");
    }
}
