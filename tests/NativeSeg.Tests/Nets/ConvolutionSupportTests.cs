using NativeSeg.Equivariant;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>The support and pieces algorithms: conv3d over the lattice points that carry weight only, with the same numbers.</summary>
public class ConvolutionSupportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.5, 0.5, 1.0, true, 4, 4, 2)]     // t = ±5 lies at exactly r = 2.5 mm: every radial function vanishes there
    [InlineData(0.5, 0.5, 1.0, false, 5, 5, 2)]    // without the cutoff the last radial function is nonzero at r
    [InlineData(1.0, 1.0, 1.0, true, 2, 2, 2)]     // 2 mm < 2.5 mm: nothing to trim
    [InlineData(0.45, 0.45, 5.0, true, 5, 5, 0)]
    public void TheSupportDropsExactlyTheShellsAtTheCutoffRadius(double sx, double sy, double sz, bool cutoff, int nx, int ny, int nz)
    {
        using var conv = new ResolutionAdaptiveConvolution("1x0e+1x1e", "1x0e+1x1e", 5.0, cutoff: cutoff, generator: new Generator(1));
        Assert.Equal(new Shape3(nx, ny, nz), conv.BasisFor(new Spacing(sx, sy, sz)).Support);
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e-10)]
    [InlineData(ScalarType.Float32, 1e-4)]
    public void OutputsAndGradientsEqualTheWholeLatticePath(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e+1x2e", "3x0e+1x1e+1x2e", 5.0, generator: new Generator(4), dtype: dtype);
        var spacing = new Spacing(0.5, 0.5, 1);
        Assert.NotEqual(conv.HalfWidth(spacing), conv.BasisFor(spacing).Support);
        var x = randn(new long[] { 1, 10, 14, 13, 6 }, dtype: dtype, generator: new Generator(5));
        var probe = randn(new long[] { 1, 11, 14, 13, 6 }, dtype: dtype, generator: new Generator(6));

        (Tensor Y, Tensor Dx, Tensor Dw) Run(ConvolutionAlgorithm algorithm)
        {
            conv.Algorithm = algorithm;
            conv.zero_grad();
            var input = x.detach().clone().requires_grad_(true);
            var y = conv.forward(input, spacing);
            (y * probe).sum().backward();
            return (y.detach(), input.grad!.detach().clone(), conv.Weight.grad!.detach().clone());
        }
        conv.Calibration = new ConvolutionCalibration(null);
        var auto = Run(ConvolutionAlgorithm.Auto);
        // One algorithm signature measured (the forward with gradients at this size), and in float32 the conv3d path of
        // each kernel it timed (float64 has one path).
        Assert.Equal(dtype == ScalarType.Float32 ? 3 : 1, conv.Calibration.Count);
        var lattice = Run(ConvolutionAlgorithm.Lattice);
        Assert.Equal(new long[] { 11, 10, 11, 11, 5 }, conv.ConvolutionKernel(spacing, ConvolutionAlgorithm.Lattice).shape);
        var support = Run(ConvolutionAlgorithm.Support);
        Assert.Equal(new long[] { 11, 10, 9, 9, 5 }, conv.ConvolutionKernel(spacing, ConvolutionAlgorithm.Support).shape);
        Assert.True(conv.BasisFor(spacing).Pieces.Count > 1);
        var pieces = Run(ConvolutionAlgorithm.Pieces);
        foreach (var (name, a, b) in new[] { ("output", lattice.Y, support.Y), ("input gradient", lattice.Dx, support.Dx), ("weight gradient", lattice.Dw, support.Dw),
                                             ("pieces output", lattice.Y, pieces.Y), ("pieces input gradient", lattice.Dx, pieces.Dx), ("pieces weight gradient", lattice.Dw, pieces.Dw),
                                             ("auto output", lattice.Y, auto.Y), ("auto input gradient", lattice.Dx, auto.Dx), ("auto weight gradient", lattice.Dw, auto.Dw) })
        {
            double relative = ((a - b).abs().max() / a.abs().max()).to_type(ScalarType.Float64).item<double>();
            output.WriteLine($"{dtype} {name}: max |lattice - support| / max |lattice| = {relative:E2}");
            Assert.InRange(relative, 0, tolerance);
        }
    }

    [Fact]
    public void CalibrationMeasuresEachSignatureOnceKeepsTheFasterAndRemembersItAcrossProcesses()
    {
        using var dir = new TempFolder();
        string path = dir.File("cache/choices.json");
        var candidates = new[] { ConvolutionAlgorithm.Lattice, ConvolutionAlgorithm.Support };
        var measured = new List<ConvolutionAlgorithm>();
        var first = new ConvolutionCalibration(path);
        double Time(ConvolutionAlgorithm a) { measured.Add(a); return a == ConvolutionAlgorithm.Lattice ? 0.2 : 0.3; }
        Assert.Equal(ConvolutionAlgorithm.Lattice, first.Choose("layer A", candidates, Time));
        Assert.Equal(ConvolutionAlgorithm.Lattice, first.Choose("layer A", candidates, Time));
        Assert.Equal(candidates, measured);   // measured once, both candidates
        // A new process on the same machine reads the file and measures nothing.
        var second = new ConvolutionCalibration(path);
        Assert.Equal(ConvolutionAlgorithm.Lattice, second.Choose("layer A", candidates, _ => throw new InvalidOperationException("measured again")));
        Assert.Equal(ConvolutionAlgorithm.Support, second.Choose("layer B", candidates, a => a == ConvolutionAlgorithm.Support ? 0.1 : 0.4));
        Assert.Equal(2, new ConvolutionCalibration(path).Count);
        // A damaged file costs a re-measurement, not an error.
        File.WriteAllText(path, "{ not json");
        Assert.Equal(0, new ConvolutionCalibration(path).Count);
    }
    /// <summary>Pieces compete only where no gradient is taken and the convolution runs in its own dtype; lattice alone
    /// where nothing can be trimmed or split.</summary>
    [Fact]
    public void AutoWeighsPiecesForInferenceOnly()
    {
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e", "2x0e+1x1e", 5.0, generator: new Generator(4));
        var fine = conv.BasisFor(new Spacing(0.5, 0.5, 1));
        Assert.True(fine.Pieces.Count > 1 && fine.Support != fine.HalfWidth);
        ConvolutionAlgorithm[] both = [ConvolutionAlgorithm.Lattice, ConvolutionAlgorithm.Support];
        Assert.Equal(both, LatticeConvolution.Candidates(fine, gradients: true, ScalarType.Float32));
        Assert.Equal([.. both, ConvolutionAlgorithm.Pieces], LatticeConvolution.Candidates(fine, gradients: false, ScalarType.Float32));
        using (ConvolutionPrecision.Unchecked(Precision.BFloat16))
            Assert.Equal(both, LatticeConvolution.Candidates(fine, gradients: false, ScalarType.Float32));
        // At 0.3 mm in-plane the cutoff trims no whole shell, but the ball still splits into pieces.
        var finer = conv.BasisFor(new Spacing(0.3, 0.3, 1));
        Assert.Equal(finer.HalfWidth, finer.Support);
        Assert.Equal([ConvolutionAlgorithm.Lattice], LatticeConvolution.Candidates(finer, gradients: true, ScalarType.Float32));
        Assert.Equal([ConvolutionAlgorithm.Lattice, ConvolutionAlgorithm.Pieces], LatticeConvolution.Candidates(finer, gradients: false, ScalarType.Float32));
        var point = conv.BasisFor(new Spacing(3, 3, 3));
        Assert.Equal([ConvolutionAlgorithm.Lattice], LatticeConvolution.Candidates(point, gradients: false, ScalarType.Float32));
    }

    /// <summary>An input above the measured limit is timed on a crop at the limit with the same channels and proportions.</summary>
    [Theory]
    [InlineData(208, 208, 64)]
    [InlineData(512, 512, 30)]
    [InlineData(64, 64, 64)]
    public void ALargeInputIsTimedOnACropAtTheLimit(long x, long y, long z)
    {
        long[] shape = [1, 15, x, y, z];
        var crop = LatticeConvolution.MeasuredShape(shape);
        long voxels = x * y * z, cropped = crop[2] * crop[3] * crop[4];
        Assert.Equal(shape[..2], crop[..2]);
        if (voxels <= ConvolutionPaths.MeasuredVoxelsLimit) { Assert.Equal(shape, crop); return; }
        Assert.InRange(cropped, ConvolutionPaths.MeasuredVoxelsLimit * 0.9, ConvolutionPaths.MeasuredVoxelsLimit);
        for (int axis = 2; axis < 5; axis++) Assert.InRange(crop[axis] / (double)shape[axis], 0.9 * crop[2] / (double)x, 1.1 * crop[2] / (double)x + 1.0 / shape[axis]);
    }

    /// <summary>A crop timed for a whole volume runs on the whole volume's path (the probed one), measuring no path.</summary>
    [Fact]
    public void ACropStandingForAWholeVolumeTakesItsUnmeasuredPath()
    {
        using var scope = NewDisposeScope();
        var calibration = new ConvolutionCalibration(null);
        var (x, w) = (zeros(new long[] { 1, 17, 8, 8, 8 }), zeros(new long[] { 18, 17, 3, 3, 3 }));
        Assert.Equal(Convolution3d.ForcedPath ?? Convolution3d.Path, ConvolutionPaths.Choose(calibration, x, w, [1, 1, 1], unmeasured: true));
        Assert.Equal(0, calibration.Count);
        ConvolutionPaths.Choose(calibration, x, w, [1, 1, 1]);
        Assert.Equal(Convolution3d.ForcedPath is null ? 1 : 0, calibration.Count);
    }
}
