using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

/// <summary>
/// The gate and the equivariant norm run as few passes as they can (views instead of channel copies, one scale-and-shift
/// pass for every irrep). Here they are held, values and gradients in float64, to their formulas written out the long way.
/// </summary>
public class GateAndNormFormulaTests
{
    private static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<double>();

    /// <summary>Output and input gradient (for a random upstream gradient) of a layer.</summary>
    private static (Tensor Output, Tensor Gradient) Run(Func<Tensor, Tensor> layer, Tensor input, Tensor upstream)
    {
        var x = input.detach().clone().requires_grad_(true);
        var y = layer(x);
        y.backward([upstream]);
        return (y.detach(), x.grad!.detach());
    }

    public static TheoryData<string, string, string, string> Gates => new()
    {
        { "6x0e", "3x0e", "2x1e+1x2e", "every group one run of channels (a U-Net level's layout)" },
        { "2x0e", "2x0e", "1x2e+1x1e", "gated irreps that sorting reorders" },
        { "1x0e+1x0o", "1x0e", "1x1o", "scalars on both sides of the gates" },
    };

    [Theory]
    [MemberData(nameof(Gates))]
    public void TheGateIsActivatedScalarsThenEachGatedCopyTimesItsGate(string scalars, string gates, string gated, string layout)
    {
        using var scope = NewDisposeScope();
        var acts = Irreps.Parse(scalars).Select(b => b.Irrep.Parity == 1 ? "relu" : "tanh").ToList();
        using var gate = new Gate(scalars, acts, gates, "sigmoid", gated);
        var x = randn([2, gate.IrrepsIn.Dim, 3, 4, 5], dtype: ScalarType.Float64, generator: new Generator(1));
        var upstream = randn([2, gate.IrrepsOut.Dim, 3, 4, 5], dtype: ScalarType.Float64, generator: new Generator(2));

        Tensor Formula(Tensor t)
        {
            var (s, g, d, gateOf) = gate.Channels;
            var activated = t.index_select(1, tensor(s));
            var parts = gate.ScalarActivations.Select(a => a.Activation.Apply(activated.narrow(1, a.Block.Start, a.Block.Length))).ToList();
            parts.Add(t.index_select(1, tensor(d)) * gate.GateActivation.Apply(t.index_select(1, tensor(g))).index_select(1, tensor(gateOf)));
            return cat(parts, 1);
        }

        var (y, dx) = Run(gate.forward, x, upstream);
        var (yRef, dxRef) = Run(Formula, x, upstream);
        Assert.InRange(MaxDiff(y, yRef), 0, 1e-14);
        Assert.InRange(MaxDiff(dx, dxRef), 0, 1e-14);
        Assert.True(yRef.abs().max().item<double>() > 0.1, layout);
    }

    /// <summary>e3nn's norm the long way: per irrep copy, centre the scalars, divide by the root mean square, weight, bias.</summary>
    private static Tensor Formula(EquivariantBatchNorm norm, Tensor x)
    {
        bool stats = norm.training || norm.Instance;
        long[] axes = norm.Instance ? [2, 3] : [0, 2, 3];
        var flat = x.reshape(x.shape[0], norm.Irreps.Dim, -1);
        var fields = new List<Tensor>();
        int ix = 0, iw = 0, ib = 0;
        foreach (var block in norm.Irreps)
        {
            int mul = block.Mul, d = block.Irrep.Dim;
            var field = flat.narrow(1, ix, mul * d).reshape(x.shape[0], mul, d, -1);
            if (block.Irrep.IsScalar)
                field = field - (stats ? field.mean(axes, keepdim: true) : norm.RunningMean!.narrow(0, ib, mul).view(1, mul, 1, 1));
            var squares = norm.Normalization == BatchNormNormalization.Component ? (field * field).mean([2], keepdim: true) : (field * field).sum([2], keepdim: true);
            var meanSquare = stats ? squares.mean(norm.Instance ? [3] : [0, 3], keepdim: true) : norm.RunningVar!.narrow(0, iw, mul).view(1, mul, 1, 1);
            field = field / (meanSquare + norm.Eps).sqrt() * norm.Weight!.narrow(0, iw, mul).view(1, mul, 1, 1);
            if (block.Irrep.IsScalar) field = field + norm.Bias!.narrow(0, ib, mul).view(1, mul, 1, 1);
            fields.Add(field.reshape(x.shape[0], mul * d, -1));
            ix += mul * d;
            iw += mul;
            if (block.Irrep.IsScalar) ib += mul;
        }
        return cat(fields, 1).reshape(x.shape);
    }

    [Theory]
    [InlineData(true, BatchNormNormalization.Component, true)]
    [InlineData(true, BatchNormNormalization.Norm, true)]
    [InlineData(false, BatchNormNormalization.Component, true)]
    [InlineData(false, BatchNormNormalization.Norm, false)]
    public void TheNormIsTheCentredRootMeanSquareScaledPerIrrepCopy(bool instance, BatchNormNormalization normalization, bool training)
    {
        using var scope = NewDisposeScope();
        using var norm = new EquivariantBatchNorm("3x0e+2x1e+1x2e", instance: instance, normalization: normalization, dtype: ScalarType.Float64);
        using (no_grad())
        {
            norm.Weight!.copy_(rand([norm.Irreps.NumIrreps], dtype: ScalarType.Float64, generator: new Generator(3)) + 0.5);
            norm.Bias!.copy_(randn([3], dtype: ScalarType.Float64, generator: new Generator(4)));
            if (!instance)
            {
                norm.RunningMean!.copy_(randn([3], dtype: ScalarType.Float64, generator: new Generator(5)));
                norm.RunningVar!.copy_(rand([norm.Irreps.NumIrreps], dtype: ScalarType.Float64, generator: new Generator(6)) + 0.5);
            }
        }
        norm.train(training);
        // Scalars far from zero (the centring matters) and a 1e copy that is zero everywhere (its gradient must stay finite).
        var x = randn([2, norm.Irreps.Dim, 3, 4, 5], dtype: ScalarType.Float64, generator: new Generator(7));
        using (no_grad())
        {
            x.narrow(1, 0, 3).add_(5.0);
            x.narrow(1, 3, 3).zero_();
        }
        var upstream = randn(x.shape, dtype: ScalarType.Float64, generator: new Generator(8));
        var (y, dx) = Run(norm.forward, x, upstream);
        var (yRef, dxRef) = Run(t => Formula(norm, t), x, upstream);
        Assert.InRange(MaxDiff(y, yRef), 0, 1e-12);
        Assert.InRange(MaxDiff(dx, dxRef), 0, 1e-12);
        Assert.False(dx.isnan().any().item<bool>());
    }
}
