using NativeSeg.Equivariant;
using NativeSeg.Experiments;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>`--precision bf16`: convolutions in bfloat16, everything else and every parameter in float32, results within
/// bfloat16's rounding of float32's, and no path that the oneDNN fault's bfloat16 twin would break.</summary>
[Collection("Console")]
public class ConvolutionPrecisionTests
{
    /// <summary>Odd channel counts and the kernels the nets meet: every path that runs them agrees with float64 in
    /// bfloat16 (within 1e-2, far below the fault's 1e-1 or NaN) or is refused by the per-layer check.</summary>
    [Theory]
    [InlineData(17, 18, 5, 5, 5)]
    [InlineData(1, 36, 9, 9, 1)]
    [InlineData(30, 72, 5, 5, 3)]
    [InlineData(45, 18, 5, 5, 5)]
    public void BFloat16PathsAgreeWithFloat64OrAreRefused(int channelsIn, int channelsOut, int kx, int ky, int kz)
    {
        if (!ConvolutionPrecision.CpuHasBf16) { Assert.Throws<NativeSeg.UserInputException>(() => ConvolutionPrecision.Resolve(Precision.BFloat16, training: true)); return; }
        long[] kernel = [kx, ky, kz];
        long[] padding = [.. kernel.Select(k => (k - 1) / 2)];
        using var scope = NewDisposeScope();
        var weight = zeros([channelsOut, channelsIn, .. kernel]);
        var agreeing = Enum.GetValues<Conv3dPath>().Where(p => Convolution3d.Runs(p, weight, padding))
            .Where(p => Convolution3d.AgreesWithFloat64(p, channelsIn, channelsOut, kernel, padding, ScalarType.BFloat16)).ToList();
        Assert.Contains(Conv3dPath.ChannelsLast, agreeing);   // the path the start-up probe vouches for
    }

    /// <summary>Where the start-up probe trusts bfloat16 a net's step is float32's within rounding; where it does not,
    /// --precision bf16 is refused in one line instead of training on NaN.</summary>
    [Fact]
    public void AnRaUNetInBFloat16GivesFloat32sOutputsAndGradientsWithinItsRoundingOrIsRefused()
    {
        if (!ConvolutionPrecision.Bf16Trusted)
        {
            var refusal = Assert.Throws<NativeSeg.UserInputException>(() => ConvolutionPrecision.Resolve(Precision.BFloat16, training: true));
            Assert.StartsWith("--precision bf16: this", refusal.Message);
            return;
        }
        using var scope = NewDisposeScope();
        manual_seed(3);
        var config = ExperimentScale.Quick.Config(ModelKind.RaUNet) with { Levels = 2 };
        using var net = NetFactory.Create(config);
        var x = randn(new long[] { 1, 1, 16, 16, 12 }, generator: new Generator(2));
        var spacing = new Spacing(0.5, 0.5, 1);
        (Tensor Y, Tensor[] Grads) Step(Precision precision)
        {
            using var use = ConvolutionPrecision.Use(precision, training: true);
            net.zero_grad();
            var y = net.forward(x, spacing);
            y.square().mean().backward();
            return (y.detach().clone(), net.parameters().Select(p => p.grad!.detach().clone()).ToArray());
        }
        var (y32, g32) = Step(Precision.Float32);
        var (y16, g16) = Step(Precision.BFloat16);
        Assert.Equal(ScalarType.Float32, y16.dtype);
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));   // master weights stay float32
        double Relative(Tensor a, Tensor b) => ((a - b).abs().max() / b.abs().max()).item<float>();
        Assert.InRange(Relative(y16, y32), 1e-5, 5e-2);   // not float32 (it did run in bfloat16), within its rounding
        double gradients = g16.Zip(g32, (a, b) => (a - b).norm().item<float>()).Sum() / g32.Sum(g => g.norm().item<float>());
        Assert.InRange(gradients, 1e-5, 1e-1);
    }

    /// <summary>float32 (every train and predict without --precision) resolves without running a probe.</summary>
    [Fact]
    public void Float32NeverRunsAProbe()
    {
        int before = ConvolutionPrecision.ProbesRun;
        Assert.Equal(Precision.Float32, ConvolutionPrecision.Resolve(Precision.Float32, training: true));
        Assert.Equal(Precision.Float32, ConvolutionPrecision.Resolve(Precision.Float32, training: false));
        using (ConvolutionPrecision.Use(Precision.Float32, training: false)) Assert.Equal(ScalarType.Float32, ConvolutionPrecision.Current);
        Assert.Equal(before, ConvolutionPrecision.ProbesRun);
    }

    [Fact]
    public void AutoIsBFloat16OnlyWhereTheCpuHasItAndTheProbeTrustsIt()
    {
        Assert.Equal(ConvolutionPrecision.Bf16Trusted ? Precision.BFloat16 : Precision.Float32, ConvolutionPrecision.Resolve(Precision.Auto, training: true));
        Assert.Equal(ConvolutionPrecision.Bf16TrustedForInference ? Precision.BFloat16 : Precision.Float32, ConvolutionPrecision.Resolve(Precision.Auto, training: false));
        Assert.Equal(ScalarType.Float32, ConvolutionPrecision.Current);
        using (ConvolutionPrecision.Use(Precision.Auto, training: true))
            Assert.Equal(ConvolutionPrecision.Bf16Trusted ? ScalarType.BFloat16 : ScalarType.Float32, ConvolutionPrecision.Current);
        Assert.Equal(ScalarType.Float32, ConvolutionPrecision.Current);
    }

    [Fact]
    public void BFloat16WithOnnxRuntimeOrAnUntrustedMachineIsRefusedInOneLine()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("predict", "--model", Path.Combine(FixturePaths.RepoRoot, "models", "demo", "unet"), "--input", dir.File("none.nii.gz"),
                                               "--output", dir.File("out.nii.gz"), "--runtime", "onnx", "--precision", "bf16");
        Assert.Equal(1, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(ConvolutionPrecision.Bf16TrustedForInference ? "only with --runtime torch" : "--precision bf16: this", stderr);
    }

    /// <summary>`predict --precision bf16` where the forward probe trusts it: the shipped RA-U-Net's probabilities within
    /// bfloat16's rounding of float32's and the masks nearly the same; refused in one line where it does not.</summary>
    [Fact]
    public void PredictInBFloat16MatchesFloat32WithinItsRounding()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("synth", "--out", dir.File("data"), "--preset", "tiny", "--seed", "4", "--clusters", "2d", "--subjects", "1", "--test-subjects", "1");
        Assert.True(code == 0, stderr);
        string model = Path.Combine(FixturePaths.RepoRoot, "models", "demo", "ra-unet");
        string Predict(string precision, string name)
        {
            var (c, _, e) = CliCapture.Run("predict", "--model", model, "--input", dir.File("data/imagesTs"), "--output", dir.File(name), "--probabilities", "--precision", precision);
            if (precision == "bf16" && !ConvolutionPrecision.Bf16TrustedForInference) { Assert.Equal(1, c); Assert.Contains("--precision bf16: this", e); return ""; }
            Assert.True(c == 0, e);
            return Directory.GetFiles(dir.File(name), "*_prob.nii.gz").Single();
        }
        string p32 = Predict("float32", "f32"), p16 = Predict("bf16", "bf16");
        if (p16 == "") return;
        var a = NativeSeg.Imaging.Nifti.NiftiReader.Read(p32).Voxels;
        var b = NativeSeg.Imaging.Nifti.NiftiReader.Read(p16).Voxels;
        double largest = a.Zip(b, (u, v) => Math.Abs(u - v)).Max();
        Assert.InRange(largest, 1e-6, 0.1);   // it ran in bfloat16, and stayed close
        int both = a.Zip(b).Count(t => t.First > 0.5 && t.Second > 0.5), either = a.Count(u => u > 0.5) + b.Count(v => v > 0.5);
        Assert.True(either == 0 || 2.0 * both / either > 0.95, $"Dice between the masks {2.0 * both / either:0.000}");
    }
}
