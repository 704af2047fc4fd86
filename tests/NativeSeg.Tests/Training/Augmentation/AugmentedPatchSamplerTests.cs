using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Training;
using NativeSeg.Training.Augmentation;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training.Augmentation;

public class AugmentedPatchSamplerTests
{
    /// <summary>A brain-like case: a z-scored ball of tissue (zero outside) with a lesion blob off centre.</summary>
    internal static TrainingCase BlobCase(Shape3 shape, Spacing spacing, string name = "c")
    {
        var image = new float[shape.Count];
        var label = new byte[shape.Count];
        var random = new Random(3);
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    double x = (i - shape.X / 2.0) * spacing.X, y = (j - shape.Y / 2.0) * spacing.Y, z = (k - shape.Z / 2.0) * spacing.Z;
                    long n = shape.Index(i, j, k);
                    if (x * x + y * y + z * z > 14 * 14) continue;
                    double dx = x - 4, dy = y + 2, dz = z - 1;
                    bool lesion = dx * dx + dy * dy + dz * dz < 9;
                    label[n] = lesion ? (byte)1 : (byte)0;
                    image[n] = (float)((lesion ? 2.5 : 0.2 * Math.Sin(x / 3)) + 0.1 * (random.NextDouble() - 0.5));
                }
        return new TrainingCase(name, "g", shape, spacing, image, label);
    }

    /// <summary>Without augmentation the sampler is the plain one: the same draws give the same patches, voxel for voxel.</summary>
    [Fact]
    public void WithoutAugmentationItIsThePlainSampler()
    {
        var c = BlobCase(new Shape3(30, 30, 20), new Spacing(1, 1, 1.5));
        var plain = new PatchSampler([c], PatchSize.Physical(16), new SeededRandom(5)) { PadToPatch = false };
        var same = new AugmentedPatchSampler([c], PatchSize.Physical(16), new SeededRandom(5), 1.0 / 3, PatchAugmentation.None, Preprocessing.Native, padToPatch: false);
        for (int n = 0; n < 20; n++)
        {
            var p = plain.Next();
            var q = same.Next();
            Assert.Equal(p.Image, VolumeTensors.ToVoxels(q.Image.squeeze()));
            Assert.Equal(p.Label, VolumeTensors.ToVoxels(q.Label.squeeze()));
            Assert.Equal(p.Spacing, q.Spacing);
        }
    }

    /// <summary>
    /// Every augmented patch, re-acquired or not: a 0/1 label, finite intensities, the patch size of its grid, and grids
    /// drawn from the range with the slice along each of the three axes. Draws are seeded: the same seed, the same patches.
    /// </summary>
    [Fact]
    public void AugmentedPatchesKeepTheirContract()
    {
        var c = BlobCase(new Shape3(40, 40, 24), new Spacing(0.75, 0.75, 1.25));
        var range = new GridRange(0.5, 1.5, 2, 4);
        var augmentation = new PatchAugmentation(AugmentationScheme.NnUNet, 0.7, range);
        var sampler = new AugmentedPatchSampler([c], PatchSize.Physical(12), new SeededRandom(9), 1.0 / 3, augmentation, Preprocessing.Native, padToPatch: true);
        var again = new AugmentedPatchSampler([c], PatchSize.Physical(12), new SeededRandom(9), 1.0 / 3, augmentation, Preprocessing.Native, padToPatch: true);
        var sliceAxes = new HashSet<int>();
        int reacquired = 0, withLesion = 0;
        for (int n = 0; n < 60; n++)
        {
            using var scope = NewDisposeScope();
            var p = sampler.Next();
            var q = again.Next();
            Assert.True(p.Image.eq(q.Image).all().item<bool>() && p.Label.eq(q.Label).all().item<bool>());
            var label = p.Label.data<float>().ToArray();
            Assert.All(label, v => Assert.True(v is 0 or 1));
            Assert.True(p.Image.isfinite().all().item<bool>());
            var shape = PatchSize.Physical(12).For(p.Spacing);
            Assert.Equal([1L, 1, shape.X, shape.Y, shape.Z], p.Image.shape);
            Assert.Equal(p.Image.shape, p.Label.shape);
            if (label.Any(v => v == 1)) withLesion++;
            if (p.Spacing == c.Spacing) continue;
            reacquired++;
            int slice = Enumerable.Range(0, 3).MaxBy(a => p.Spacing[a]);
            sliceAxes.Add(slice);
            Assert.InRange(p.Spacing[slice], range.SliceMin, range.SliceMax);
            Assert.All(Enumerable.Range(0, 3).Where(a => a != slice), a => Assert.InRange(p.Spacing[a], range.InPlaneMin, range.InPlaneMax));
        }
        Assert.InRange(reacquired, 30, 55);
        Assert.Equal(3, sliceAxes.Count);
        Assert.True(withLesion >= 15, $"{withLesion} of 60 patches hold lesion voxels");
    }

    /// <summary>The U-Net @1mm meets a re-acquired patch as it meets a test image: resampled to its 1 mm grid, at its patch size.</summary>
    [Fact]
    public void AModelOnAResampledGridGetsTheAcquisitionOnItsOwnGrid()
    {
        var c = BlobCase(new Shape3(28, 28, 28), Spacing.Isotropic(1));
        var augmentation = new PatchAugmentation(AugmentationScheme.None, 1, new GridRange(0.5, 0.8, 3, 5));
        var sampler = new AugmentedPatchSampler([c], PatchSize.Physical(16), new SeededRandom(4), 1, augmentation, Preprocessing.Isotropic1mm, padToPatch: true);
        for (int n = 0; n < 6; n++)
        {
            var p = sampler.Next();
            Assert.Equal(Spacing.Isotropic(1), p.Spacing);
            Assert.Equal([1L, 1, 16, 16, 16], p.Image.shape);
            Assert.All(p.Label.data<float>().ToArray(), v => Assert.True(v is 0 or 1));
            Assert.True(p.Label.sum().item<float>() > 0, "a foreground-centred patch keeps its lesion");
        }
    }

    /// <summary>
    /// An RA-U-Net trained on re-acquired patches realizes its kernels on each patch's grid: the level-0 lattice of a
    /// 3 mm-slice patch is not the lattice of the case's 1 mm grid, and the training step runs on it.
    /// </summary>
    [Fact]
    public void AnRaUNetPlansItsKernelsForTheReacquiredGrid()
    {
        var c = BlobCase(new Shape3(24, 24, 24), Spacing.Isotropic(1));
        var augmentation = new PatchAugmentation(AugmentationScheme.None, 1, new GridRange(0.6, 0.6, 3, 3));
        var sampler = new AugmentedPatchSampler([c], PatchSize.Physical(12), new SeededRandom(2), 1.0 / 3, augmentation, Preprocessing.Native, padToPatch: true);
        var p = sampler.Next();
        Assert.NotEqual(c.Spacing, p.Spacing);
        using var net = (EquivariantUNet)NetFactory.Create(new ModelConfig { Kind = ModelKind.RaUNet, Levels = 2, IrrepsMultiplicity = 1 });
        var conv = net.modules().OfType<ResolutionAdaptiveConvolution>().First();
        Assert.NotEqual(conv.BasisFor(c.Spacing).Shape, conv.BasisFor(p.Spacing).Shape);
        var loss = TrainingLoss.Compute(LossKind.Dice, net.forward(p.Image, p.Spacing), p.Label);
        loss.backward();
        Assert.True(double.IsFinite(loss.item<float>()));
        Assert.True(conv.Weight.grad is { } g && g.abs().sum().item<float>() > 0);
    }
}
