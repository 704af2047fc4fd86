using NativeSeg.Equivariant;
using NativeSeg.Nets.Execution;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>The per-layer conv3d path: only exact candidates are timed, the fastest is kept per signature, and it is remembered.</summary>
public class ConvolutionPathsTests
{
    [Fact]
    public void AnInexactCandidateIsNeverChosenHoweverFast()
    {
        var calibration = new ConvolutionCalibration(null);
        var candidates = new[] { Conv3dPath.ChannelsLast, Conv3dPath.Plain, Conv3dPath.Slices };
        var timed = new List<Conv3dPath>();
        double Seconds(Conv3dPath p) { timed.Add(p); return p == Conv3dPath.Plain ? 0.01 : p == Conv3dPath.Slices ? 0.2 : 0.5; }
        // Plain is fastest but fails the float64 check (the oneDNN fault); the first candidate is the known-good fallback.
        Assert.Equal(Conv3dPath.Slices, calibration.Choose("layer", candidates, Seconds, p => p != Conv3dPath.Plain));
        Assert.Equal([Conv3dPath.ChannelsLast, Conv3dPath.Slices], timed);
    }

    [Fact]
    public void EachLayerSignatureGetsAnExactPathOnceAndKeepsIt()
    {
        using var dir = new TempFolder();
        var calibration = new ConvolutionCalibration(dir.File("choices.json"));
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 1, 30, 16, 16, 8 });
        var flat = randn(new long[] { 36, 30, 9, 9, 1 });
        var cube = randn(new long[] { 36, 30, 5, 5, 3 });
        var (y, path) = ConvolutionPaths.Apply(calibration, x, flat, null, [4, 4, 0]);
        Assert.True(Convolution3d.Runs(path, flat, [4, 4, 0]));
        Assert.True(((y - nn.functional.conv3d(x, flat, padding: new long[] { 4, 4, 0 })).abs().max() / y.abs().max()).item<float>() < 1e-5);
        var (_, second) = ConvolutionPaths.Apply(calibration, x, cube, null, [2, 2, 1]);
        Assert.NotEqual(Conv3dPath.Slices, second);   // a 5x5x3 kernel cannot run as slices
        Assert.Equal(2, calibration.Count);
        // The same signatures again, in a new process: read from the file, nothing measured.
        var reread = new ConvolutionCalibration(dir.File("choices.json"));
        Assert.Equal(2, reread.Count);
        Assert.Equal(path, ConvolutionPaths.Apply(reread, x, flat, null, [4, 4, 0]).Path);
        using (Convolution3d.Force(Conv3dPath.Padded)) Assert.Equal(Conv3dPath.Padded, ConvolutionPaths.Choose(reread, x, flat, [4, 4, 0]));
        Assert.Equal(Conv3dPath.Plain, ConvolutionPaths.Choose(reread, x.to_type(ScalarType.Float64), flat.to_type(ScalarType.Float64), [4, 4, 0]));
    }

    /// <summary>A whole volume is not measured (minutes, and copies beyond the memory budget): it takes the probed path.</summary>
    [Fact]
    public void AnInputAboveTheMeasuredSizeTakesTheProbedPathUnmeasured()
    {
        var calibration = new ConvolutionCalibration(null);
        using var scope = NewDisposeScope();
        var large = zeros(new long[] { 1, 1, 128, 128, ConvolutionPaths.MeasuredVoxelsLimit / (128 * 128) + 1 });
        Assert.Equal(Convolution3d.Path, ConvolutionPaths.Choose(calibration, large, zeros(new long[] { 18, 1, 5, 5, 5 }), [2, 2, 2]));
        Assert.Equal(0, calibration.Count);
    }
}
