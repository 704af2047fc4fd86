using NativeSeg.Imaging.Geometry;
using NativeSeg.Training;
using NativeSeg.Training.Augmentation;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training.Augmentation;

public class SpatialAndIntensityTests
{
    private static TrainingCase BoxCase(Spacing spacing, Shape3 shape, Func<double, double, double, bool> inside)
    {
        var image = new float[shape.Count];
        var label = new byte[shape.Count];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    long n = shape.Index(i, j, k);
                    bool on = inside((i - (shape.X - 1) / 2.0) * spacing.X, (j - (shape.Y - 1) / 2.0) * spacing.Y, (k - (shape.Z - 1) / 2.0) * spacing.Z);
                    label[n] = on ? (byte)1 : (byte)0;
                    image[n] = on ? 2 : 1 + 0.01f * i;
                }
        return new TrainingCase("c", "g", shape, spacing, image, label);
    }

    private static double[] Centre(Shape3 s) => [(s.X - 1) / 2.0, (s.Y - 1) / 2.0, (s.Z - 1) / 2.0];

    /// <summary>The identity draw reads exactly the window a plain cut gives.</summary>
    [Fact]
    public void TheIdentityDrawIsThePlainWindow()
    {
        var shape = new Shape3(21, 17, 11);
        var c = BoxCase(new Spacing(0.5, 1, 2), shape, (x, y, z) => x > 0 && y < 2);
        var (image, label) = CaseWindow.Sample(c, Centre(shape), new Shape3(9, 7, 5), SpatialDraw.Identity);
        var (cutImage, cutLabel) = CaseWindow.Cut(c, [6, 5, 3], new Shape3(9, 7, 5));
        Assert.True(image.allclose(cutImage, 1e-5, 1e-5));
        Assert.True(label.eq(cutLabel).all().item<bool>());
    }

    /// <summary>
    /// A rotation turns the anatomy in millimetres: on a 0.5 x 1 mm grid a bar 6.5 mm along x and 3 mm along y, turned
    /// 90° in-plane, is 3 mm along x and 6.5 mm along y (within a voxel), where a rotation of voxel indices would make
    /// it 1.5 mm x 13 mm.
    /// </summary>
    [Fact]
    public void ARotationTurnsTheAnatomyInMillimetres()
    {
        var spacing = new Spacing(0.5, 1, 1);
        var shape = new Shape3(41, 21, 5);
        var c = BoxCase(spacing, shape, (x, y, z) => Math.Abs(x) < 3.01 && Math.Abs(y) < 1.01 && Math.Abs(z) < 1);
        double Millimetres(Tensor label, int axis)
        {
            var on = label.nonzero();
            return (on[.., axis].max().item<long>() - on[.., axis].min().item<long>() + 1) * spacing[axis];
        }
        Assert.Equal((6.5, 3.0), (Millimetres(CaseWindow.Cut(c, [0, 0, 0], shape).Label, 0), Millimetres(CaseWindow.Cut(c, [0, 0, 0], shape).Label, 1)));
        var (_, label) = CaseWindow.Sample(c, Centre(shape), shape, new SpatialDraw(Mat3.RotationZ(Math.PI / 2), 1, true));
        Assert.InRange(Millimetres(label, 0), 3 - 0.5, 3 + 0.5);
        Assert.InRange(Millimetres(label, 1), 6.5 - 1, 6.5 + 1);
        var (_, scaled) = CaseWindow.Sample(c, Centre(shape), shape, new SpatialDraw(Mat3.Identity, 0.5, false));
        Assert.InRange(Millimetres(scaled, 0), 13 - 1, 13 + 1);   // c = 0.5 reads half the extent: the bar doubles
    }

    [Fact]
    public void GammaAndContrastKeepWhatNnUNetKeeps()
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 8, 8, generator: new Generator(3));
        var g = IntensityAugmentation.Gamma(x, 1.4);
        Assert.Equal(x.mean().item<float>(), g.mean().item<float>(), 4);
        Assert.Equal(x.std().item<float>(), g.std().item<float>(), 4);
        Assert.False(g.allclose(x, 1e-3, 1e-3));
        var p = NnUNetAugmentation.Default with { NoiseP = 0, BlurP = 0, BrightnessP = 0, ContrastP = 1, LowResolutionP = 0, InvertedGammaP = 0, GammaP = 0 };
        var contrasted = IntensityAugmentation.Apply(x, Spacing.Isotropic(1), p, new SeededRandom(1));
        Assert.True(contrasted.min().item<float>() >= x.min().item<float>() && contrasted.max().item<float>() <= x.max().item<float>());
        Assert.Equal(x.mean().item<float>(), contrasted.mean().item<float>(), 1);
    }

    /// <summary>Simulated low resolution leaves a thick-slice grid's slice axis alone (nnU-Net's 2D-style augmentation).</summary>
    [Fact]
    public void LowResolutionSparesTheThickAxisOfAnAnisotropicGrid()
    {
        using var scope = NewDisposeScope();
        // Varies only along z: any resampling of x and y leaves it, resampling z would not.
        var x = arange(6, dtype: float32).pow(2).reshape(1, 1, 6).expand(10, 10, 6).contiguous();
        var thick = IntensityAugmentation.LowResolution(x, new Spacing(0.5, 0.5, 5), NnUNetAugmentation.Default, 0.5);
        Assert.True(thick.allclose(x, 1e-5, 1e-5));
        var iso = IntensityAugmentation.LowResolution(x, Spacing.Isotropic(1), NnUNetAugmentation.Default, 0.5);
        Assert.False(iso.allclose(x, 1e-3, 1e-3));
    }

    [Fact]
    public void BlurSmoothsWithTheRequestedWidth()
    {
        using var scope = NewDisposeScope();
        var x = zeros(21, 21, 21);
        x[10, 10, 10] = tensor(1f);
        var b = IntensityAugmentation.Blur(x, [1, 1, 2]);
        Assert.Equal(1.0, b.sum().item<float>(), 2);   // the Gaussian is cut 3.5 σ out
        double VarianceAlong(int axis)
        {
            var profile = b.sum([.. Enumerable.Range(0, 3).Where(a => a != axis).Select(a => (long)a)]);
            var d = arange(21, dtype: float32) - tensor(10f);
            return (profile * d * d).sum().item<float>();
        }
        // a Gaussian of σ over the samples read linearly (a hat of variance 1/6): σ² + 1/6 per axis, less the 3.5 σ cut
        Assert.InRange(VarianceAlong(0), 1 + 1 / 6.0 - 0.03, 1 + 1 / 6.0);
        Assert.InRange(VarianceAlong(2), 4 + 1 / 6.0 - 0.06, 4 + 1 / 6.0);
    }

    [Theory]
    [InlineData("0.4-2,1-6", 0.4, 2.0, 1.0, 6.0)]
    [InlineData(" 1 , 3-5 ", 1.0, 1.0, 3.0, 5.0)]
    public void GridRangesParse(string text, double a, double b, double c, double d) =>
        Assert.Equal(new GridRange(a, b, c, d), GridRange.Parse(text));

    [Theory]
    [InlineData("2-1,1-6")]
    [InlineData("0-1,1-6")]
    [InlineData("1-2")]
    [InlineData("a-b,1-2")]
    public void BadGridRangesAreRefusedWithTheOptionsName(string text) =>
        Assert.Contains("--grid-range", Assert.Throws<UserInputException>(() => GridRange.Parse(text)).Message);

    [Fact]
    public void BgContrastDrawsShrinkAndStretchEquallyOften()
    {
        var random = new SeededRandom(1);
        var draws = Enumerable.Range(0, 4000).Select(_ => new NativeSeg.Training.Augmentation.Range(0.75, 1.25).DrawAroundOne(random)).ToList();
        Assert.InRange(draws.Count(v => v < 1) / 4000.0, 0.47, 0.53);
        Assert.All(draws, v => Assert.InRange(v, 0.75, 1.25));
    }
}
