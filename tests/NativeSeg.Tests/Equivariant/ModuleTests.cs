using NativeSeg.Equivariant;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

public class ModuleTests
{
    [Fact]
    public void ParametersAndBuffersAreRegistered()
    {
        using var linear = new EquivariantLinear("8x0e+4x1e", "4x0e+2x1e+1x2e");
        Assert.Equal(new[] { "weight" }, linear.named_parameters().Select(p => p.name));
        Assert.Equal(8 * 4 + 4 * 2, linear.parameters().Single().numel());

        using var bn = new EquivariantBatchNorm("2x0e+1x1e+1x0o+1x2e");
        Assert.Equal(new[] { "bias", "weight" }, bn.named_parameters().Select(p => p.name).Order());
        Assert.Equal(new[] { "running_mean", "running_var" }, bn.named_buffers().Select(b => b.name).Order());
        Assert.Equal(new long[] { 5 }, bn.Weight!.shape);
        Assert.Equal(new long[] { 2 }, bn.Bias!.shape); // 0o is not a scalar for batch norm
        Assert.Equal(4, bn.state_dict().Count);

        using var instance = new EquivariantBatchNorm("2x0e+1x1e", instance: true);
        Assert.Empty(instance.named_buffers());
        Assert.Empty(new Gate("2x0e", new[] { "relu" }, "1x0e", "sigmoid", "1x1e").parameters());
    }

    [Fact]
    public void ConvertingDtypeUpdatesTheParametersTheModulesUse()
    {
        using var scope = NewDisposeScope();
        var linear = new EquivariantLinear("2x0e+1x1e", "1x0e+1x1e");
        var bn = new EquivariantBatchNorm("1x0e+1x1e");
        linear.to(ScalarType.Float64);
        bn.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, linear.Weight.dtype);
        Assert.Equal(ScalarType.Float64, bn.Weight!.dtype);
        Assert.Equal(ScalarType.Float64, bn.RunningVar!.dtype);
        var x = randn(new long[] { 3, 5 }, dtype: ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, bn.forward(linear.forward(x)).dtype);
        Assert.Same(linear.Weight, linear.parameters().Single());
    }

    [Fact]
    public void BatchNormNormalizesScalarsAndNorms()
    {
        using var scope = NewDisposeScope();
        var bn = new EquivariantBatchNorm("1x0e+1x1e", instance: true, dtype: ScalarType.Float64);
        var x = randn(new long[] { 2, 4, 5, 6, 7 }, dtype: ScalarType.Float64, generator: new Generator(4)) * 3 + 1;
        var y = bn.forward(x);
        var s = y.narrow(1, 0, 1).reshape(2, -1);
        Assert.InRange(s.mean(new long[] { 1 }).abs().max().item<double>(), 0, 1e-12);
        Assert.InRange((s.pow(2).mean(new long[] { 1 }) - 1).abs().max().item<double>(), 0, 1e-4); // eps 1e-5
        var v = y.narrow(1, 1, 3).reshape(2, 3, -1);
        Assert.InRange((v.pow(2).mean(new long[] { 1, 2 }) - 1).abs().max().item<double>(), 0, 1e-4);
    }

    [Fact]
    public void BatchModeKeepsRunningStatisticsAndUsesThemInEval()
    {
        using var scope = NewDisposeScope();
        var bn = new EquivariantBatchNorm("1x0e", momentum: 0.1, dtype: ScalarType.Float64);
        var x = tensor(new double[] { 1, 2, 3, 6 }).view(4, 1);
        bn.train();
        bn.forward(x);
        // mean 3; centred mean of squares (4 + 1 + 0 + 9) / 4 = 3.5.
        Assert.Equal(0.3, bn.RunningMean![0].item<double>(), 12);
        Assert.Equal(0.9 + 0.35, bn.RunningVar![0].item<double>(), 12);
        bn.eval();
        var y = bn.forward(x);
        Assert.Equal((6 - 0.3) / Math.Sqrt(1.25 + 1e-5), y[3, 0].item<double>(), 10);
    }

    [Fact]
    public void DropoutDropsWholeCopiesAndIsIdentityInEval()
    {
        using var scope = NewDisposeScope();
        var irreps = Irreps.Parse("4x0e+6x1e+3x2e");
        var dropout = new EquivariantDropout(irreps, 0.5, new Generator(9));
        var x = ones(new long[] { 8, irreps.Dim, 3, 3, 3 });
        var y = dropout.forward(x);
        foreach (var (_, irrep, start) in irreps.Copies())
        {
            var copy = y.narrow(1, start, irrep.Dim);
            double first = copy[0, 0, 0, 0, 0].item<float>();
            Assert.True(first == 0 || first == 2, $"kept copies scale by 1/(1-p): {first}");
            // One decision per sample and copy: every component and position agrees.
            Assert.Equal(0, (copy[0] - first).abs().max().item<float>());
        }
        double kept = (y > 0).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(kept, 0.3, 0.7);
        dropout.eval();
        Assert.Equal(0, (dropout.forward(x) - x).abs().max().item<float>());
        var r = Rotations.ToTensor(Rotations.Random(new Random(3)), ScalarType.Float32);
        var d = WignerD.ForIrreps(irreps, r);
        // Same mask for both (same seed): dropping whole copies commutes with rotation.
        var a = new EquivariantDropout(irreps, 0.3, new Generator(5)).forward(WignerD.RotateChannels(d, x));
        var b = WignerD.RotateChannels(d, new EquivariantDropout(irreps, 0.3, new Generator(5)).forward(x));
        Assert.InRange((a - b).abs().max().item<float>(), 0, 1e-4);
    }

    [Fact]
    public void SphericalHarmonicsSpecialValues()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new double[] { 0, 0, 0, 3, 4, 0 }).view(2, 3);
        var y = SphericalHarmonics.Compute(Irreps.SphericalHarmonics(3), v, normalize: true);
        Assert.Equal(1.0, y[0, 0].item<double>());
        Assert.Equal(0.0, y[0].narrow(0, 1, 15).abs().max().item<double>());
        Assert.Equal(Math.Sqrt(3) * 0.6, y[1, 1].item<double>(), 12);
        Assert.Equal(Math.Sqrt(3) * 0.8, y[1, 2].item<double>(), 12);
        // Component normalization: sum_m Y_lm^2 = 2l+1 on the unit sphere; raw vectors scale as |v|^l.
        for (int l = 0; l <= 3; l++)
            Assert.Equal(2 * l + 1, y[1].narrow(0, l * l, 2 * l + 1).pow(2).sum().item<double>(), 10);
        var raw = SphericalHarmonics.Compute(new[] { 3 }, v[1].unsqueeze(0), normalize: false);
        Assert.InRange((raw - y[1].narrow(0, 9, 7) * 125).abs().max().item<double>(), 0, 1e-10);
        // Gradient at the zero vector stays finite.
        var z = zeros(new long[] { 1, 3 }, dtype: ScalarType.Float64, requires_grad: true);
        SphericalHarmonics.Compute(new[] { 1, 2 }, z, normalize: true).sum().backward();
        Assert.False(z.grad!.isnan().any().item<bool>());
    }
}
