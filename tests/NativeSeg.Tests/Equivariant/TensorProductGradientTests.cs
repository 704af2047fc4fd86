using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

public class TensorProductGradientTests
{
    /// <summary>Autograd gradients of a random projection of the output equal central finite differences (float64).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsMatchFiniteDifferences(bool useRight)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var tp = new FullyConnectedTensorProduct("2x0e+1x1e", "1x0e+1x1e+1x2e", "1x0e+2x1e+1x2e");
        const int n = 2;
        var x1 = randn(new long[] { n, tp.IrrepsIn1.Dim }, dtype: float64, generator: gen).requires_grad_();
        var x2 = randn(new long[] { n, tp.IrrepsIn2.Dim }, dtype: float64, generator: gen).requires_grad_();
        var w = randn(new long[] { n, tp.WeightNumel }, dtype: float64, generator: gen).requires_grad_();
        var probe = randn(new long[] { n, tp.IrrepsOut.Dim }, dtype: float64, generator: gen);
        Tensor Loss() => useRight
            ? (einsum("ni,nio->no", x1, tp.Right(x2, w)) * probe).sum()
            : (tp.Forward(x1, x2, w) * probe).sum();

        Loss().backward();
        foreach (var (name, p) in new[] { ("x1", x1), ("x2", x2), ("weight", w) })
        {
            var analytic = p.grad!.clone();
            var numeric = zeros_like(p);
            const double h = 1e-6;
            using (no_grad())
            {
                var flat = p.view(-1);
                var numericFlat = numeric.view(-1);
                for (long i = 0; i < flat.shape[0]; i++)
                {
                    double old = flat[i].item<double>();
                    flat[i] = old + h;
                    double plus = Loss().item<double>();
                    flat[i] = old - h;
                    double minus = Loss().item<double>();
                    flat[i] = old;
                    numericFlat[i] = (plus - minus) / (2 * h);
                }
            }
            double err = (analytic - numeric).abs().max().item<double>();
            double scale = Math.Max(1, analytic.abs().max().item<double>());
            Assert.True(err <= 1e-7 * scale, $"{name}: max |autograd - finite difference| = {err}");
        }
    }

    [Fact]
    public void PathsFollowSelectionRulesAndWeightsCountThem()
    {
        var tp = new FullyConnectedTensorProduct("8x0e+4x1e+2x2e", "1x0e+1x1e+1x2e", "8x0e+4x1e+2x2e");
        // 0e x (0e,1e,2e) gives 3 paths; 1e x 0e,1e,2e gives 1 + 3 + 2 (3e absent); 2e gives 1 + 2 + 3.
        Assert.Equal(3 + 6 + 6, tp.Instructions.Count);
        Assert.Equal(tp.Instructions.Sum(i => i.Mul1 * i.Mul2 * i.MulOut), tp.WeightNumel);
        Assert.Equal(252, tp.WeightNumel);
        // Fan-in (sum of mul1 mul2 over paths into the block): 0e <- 0e0e, 1e1e, 2e2e = 8+4+2; 1e <- 0e1e, 1e0e, 1e1e,
        // 1e2e, 2e1e, 2e2e = 8+4+4+4+2+2; 2e <- 0e2e, 1e1e, 1e2e, 2e0e, 2e1e, 2e2e = 8+4+4+2+2+2.
        double[] fanIn = { 14, 24, 22 };
        foreach (var ins in tp.Instructions) Assert.Equal(Math.Sqrt((2 * ins.LOut + 1) / fanIn[ins.LOut]), ins.PathWeight, 14);
        // Parity: 1o x 1o -> 1e is allowed, 1o x 1e -> 1e is not.
        Assert.Single(new FullyConnectedTensorProduct("1x1o", "1x1o", "1x1e").Instructions);
        Assert.Empty(new FullyConnectedTensorProduct("1x1o", "1x1e", "1x1e").Instructions);
    }
}
