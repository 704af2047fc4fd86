using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

/// <summary>f(D_in(R) x) = D_out(R) f(x) for random rotations, in float32 (tolerance 1e-4).</summary>
public class EquivarianceTests
{
    private const double Tolerance = 1e-4;

    private static IEnumerable<Tensor> RandomRotations(int seed, int count, ScalarType dtype = ScalarType.Float32)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return Rotations.ToTensor(Rotations.Random(random), dtype);
    }

    private static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void SphericalHarmonicsRotateWithWignerD()
    {
        using var scope = NewDisposeScope();
        var irreps = Irreps.SphericalHarmonics(4);
        var v = randn(new long[] { 50, 3 }, generator: new Generator(1));
        foreach (var r in RandomRotations(11, 4))
        {
            var lhs = SphericalHarmonics.Compute(irreps, v.matmul(r.t()), normalize: true);
            var rhs = WignerD.RotateChannels(WignerD.ForIrreps(irreps, r), SphericalHarmonics.Compute(irreps, v, normalize: true));
            Assert.InRange(MaxDiff(lhs, rhs), 0, Tolerance);
        }
    }

    [Fact]
    public void Wigner3jIsInvariant()
    {
        using var scope = NewDisposeScope();
        var r = RandomRotations(5, 1, ScalarType.Float64).Single();
        for (int l1 = 0; l1 <= 4; l1++)
            for (int l2 = 0; l2 <= 4; l2++)
                for (int l3 = Math.Abs(l1 - l2); l3 <= Math.Min(4, l1 + l2); l3++)
                {
                    var c = Wigner3j.Tensor(l1, l2, l3);
                    var rotated = einsum("ia,jb,kc,abc->ijk", WignerD.FromMatrix(r, l1), WignerD.FromMatrix(r, l2), WignerD.FromMatrix(r, l3), c);
                    Assert.InRange((rotated - c).abs().max().item<double>(), 0, 1e-10);
                    Assert.Equal(1.0, c.pow(2).sum().item<double>(), 12);
                }
    }

    [Fact]
    public void TensorProductAndRightAreEquivariant()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(2);
        var tp = new FullyConnectedTensorProduct("8x0e+4x1e+2x2e+1x1o", Irreps.SphericalHarmonics(2, p: 1), "8x0e+4x1e+2x2e+2x1o");
        var x1 = randn(new long[] { 6, tp.IrrepsIn1.Dim }, generator: gen);
        var x2 = randn(new long[] { 6, tp.IrrepsIn2.Dim }, generator: gen);
        var w = randn(new long[] { 6, tp.WeightNumel }, generator: gen);
        foreach (var r in RandomRotations(12, 3))
        {
            var d1 = WignerD.ForIrreps(tp.IrrepsIn1, r);
            var d2 = WignerD.ForIrreps(tp.IrrepsIn2, r);
            var dOut = WignerD.ForIrreps(tp.IrrepsOut, r);
            var lhs = tp.Forward(WignerD.RotateChannels(d1, x1), WignerD.RotateChannels(d2, x2), w);
            Assert.InRange(MaxDiff(lhs, WignerD.RotateChannels(dOut, tp.Forward(x1, x2, w))), 0, Tolerance);
            // right(D2 x2) = D1 right(x2) D_out^T, i.e. x1 · right is equivariant in (x1, x2) jointly.
            var rightRotated = tp.Right(WignerD.RotateChannels(d2, x2), w);
            var expected = d1.matmul(tp.Right(x2, w)).matmul(dOut.t());
            Assert.InRange(MaxDiff(rightRotated, expected), 0, Tolerance);
        }
    }

    [Fact]
    public void LinearGateAndBatchNormAreEquivariant()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(3);
        var gate = new Gate("8x0e", new[] { "relu" }, "6x0e", "sigmoid", "4x1e+2x2e");
        Assert.Equal("14x0e+4x1e+2x2e", gate.IrrepsIn.ToString());
        var linear = new EquivariantLinear("8x0e+4x1e+2x2e", gate.IrrepsIn, gen);
        var bnBatch = new EquivariantBatchNorm(gate.IrrepsOut);
        var bnInstance = new EquivariantBatchNorm(gate.IrrepsOut, instance: true);
        using (no_grad())
        {
            foreach (var bn in new[] { bnBatch, bnInstance })
            {
                bn.Weight!.copy_(rand(bn.Weight.shape, generator: gen) + 0.5);
                bn.Bias!.copy_(randn(bn.Bias.shape, generator: gen));
            }
            bnBatch.RunningMean!.copy_(randn(bnBatch.RunningMean.shape, generator: gen));
            bnBatch.RunningVar!.copy_(rand(bnBatch.RunningVar.shape, generator: gen) + 0.5);
        }
        bnBatch.eval();
        bnInstance.eval();
        var x = randn(new long[] { 2, linear.IrrepsIn.Dim, 3, 4, 2 }, generator: gen);
        Tensor Net(Tensor t) => bnInstance.forward(bnBatch.forward(gate.forward(linear.forward(t))));
        foreach (var r in RandomRotations(13, 3))
        {
            var dIn = WignerD.ForIrreps(linear.IrrepsIn, r);
            var dMid = WignerD.ForIrreps(linear.IrrepsOut, r);
            var dOut = WignerD.ForIrreps(gate.IrrepsOut, r);
            var rx = WignerD.RotateChannels(dIn, x);
            Assert.InRange(MaxDiff(linear.forward(rx), WignerD.RotateChannels(dMid, linear.forward(x))), 0, Tolerance);
            var y = linear.forward(x);
            Assert.InRange(MaxDiff(gate.forward(WignerD.RotateChannels(dMid, y)), WignerD.RotateChannels(dOut, gate.forward(y))), 0, Tolerance);
            Assert.InRange(MaxDiff(Net(rx), WignerD.RotateChannels(dOut, Net(x))), 0, Tolerance);
        }
    }

    [Fact]
    public void ImproperRotationFlipsOddIrreps()
    {
        using var scope = NewDisposeScope();
        var inversion = -eye(3, dtype: ScalarType.Float64);
        var d = WignerD.ForIrreps("1x0e+1x0o+1x1o+1x1e", inversion);
        var expected = diag(tensor(new double[] { 1, -1, -1, -1, -1, 1, 1, 1 }));
        Assert.InRange((d - expected).abs().max().item<double>(), 0, 1e-12);
    }
}
