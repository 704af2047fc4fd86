using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Layers;
using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Fixtures;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

public class ResolutionAdaptiveConvolutionTests
{
    private static readonly IReadOnlyList<IFixtureCheck> Checks = FixtureChecks.Discover(typeof(NativeSeg.SelfTest.SelfTestRunner).Assembly);

    private static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().to_type(ScalarType.Float64).item<double>();

    [Fact]
    public void RealizedKernelsAndOutputsEqualTheFixtureAtEveryRecordedSpacing()
    {
        var report = FixtureChecks.CheckFile(FixturePaths.Fixture("voxel_convolution.json"), Checks);
        Assert.True(report.Status == FixtureStatus.Passed, $"{report.Status}: {report.MaxAbsError} ({report.Detail})");
        Assert.True(report.Values > 100_000);
        Assert.InRange(report.MaxAbsError!.Value, 0, 1e-10);
    }

    [Theory]
    [InlineData("items.1.kernel")]
    [InlineData("items.3.out")]
    public void FixtureCheckNoticesANudgedValue(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(FixturePaths.Fixture("voxel_convolution.json")))!;
        JsonNode node = root;
        foreach (var key in path.Split('.')) node = int.TryParse(key, out int i) ? node[i]! : node[key]!;
        while (node is JsonArray array) node = array[^1]!;
        node.ReplaceWith(JsonValue.Create(node.GetValue<double>() + 1e-4));
        using var doc = JsonDocument.Parse(root.ToJsonString());
        var result = new NativeSeg.Nets.Fixtures.VoxelConvolutionCheck().Check(doc);
        Assert.False(result.Passed);
        Assert.InRange(result.MaxAbsError, 0.99e-4, 1.01e-4);
    }

    /// <summary>
    /// The kernel is one function of the physical offset: at 1 mm and at 0.5 mm (and 0.5 x 0.5 x 3) it agrees on the
    /// offsets both lattices contain, once the 1 / (number of lattice points) of w = emb @ W / N is undone.
    /// </summary>
    [Fact]
    public void KernelsAtDifferentSpacingsAgreeOnSharedPhysicalOffsets()
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e+1x2e", "3x0e+2x1e+1x2e", 5.0, generator: new Generator(7), dtype: ScalarType.Float64);
        var coarse = conv.Realize(Spacing.Isotropic(1)) * 125;          // 5x5x5, offsets -2..2 mm
        var fine = conv.Realize(Spacing.Isotropic(0.5)) * (11 * 11 * 11); // 11^3, offsets -2.5..2.5 mm
        Assert.Equal(new long[] { 14, 10, 5, 5, 5 }, coarse.shape);
        Assert.Equal(new long[] { 14, 10, 11, 11, 11 }, fine.shape);
        var shared = fine.index_select(2, arange(1, 11, 2)).index_select(3, arange(1, 11, 2)).index_select(4, arange(1, 11, 2));
        Assert.InRange(MaxDiff(shared, coarse), 0, 1e-10);
        Assert.True(coarse.abs().max().item<double>() > 1e-2);

        var anisotropic = conv.Realize(new Spacing(0.5, 0.5, 3)) * (11 * 11 * 1); // z offset 0 only
        Assert.Equal(new long[] { 14, 10, 11, 11, 1 }, anisotropic.shape);
        var plane = anisotropic.index_select(2, arange(1, 11, 2)).index_select(3, arange(1, 11, 2)).squeeze(4);
        Assert.InRange(MaxDiff(plane, coarse.select(4, 2)), 0, 1e-10);
    }

    [Fact]
    public void ConvolutionIsEquivariantToNinetyDegreeRotationsAndCyclicAxisPermutations()
    {
        using var scope = NewDisposeScope();
        Irreps irrepsIn = "2x0e+1x1e+1x2e", irrepsOut = "3x0e+2x1e+1x2e";
        using var conv = new ResolutionAdaptiveConvolution(irrepsIn, irrepsOut, 5.0, generator: new Generator(3), dtype: ScalarType.Float64);
        var x = randn(new long[] { 2, irrepsIn.Dim, 6, 6, 6 }, dtype: ScalarType.Float64, generator: new Generator(4));
        var spacing = Spacing.Isotropic(1);
        var y = conv.forward(x, spacing);
        foreach (var (a, b) in new[] { (0, 1), (1, 2), (0, 2) })
        {
            var (xr, r) = GridTransforms.Rot90(x, a, b);
            var lhs = conv.forward(GridTransforms.RotateChannels(irrepsIn, r, xr), spacing);
            var rhs = GridTransforms.RotateChannels(irrepsOut, r, GridTransforms.Rot90(y, a, b).Field);
            Assert.InRange(MaxDiff(lhs, rhs), 0, 1e-9);
        }

        var anisotropic = new Spacing(0.8, 1.3, 2.1);
        var xa = randn(new long[] { 1, irrepsIn.Dim, 7, 5, 4 }, dtype: ScalarType.Float64, generator: new Generator(5));
        var ya = conv.forward(xa, anisotropic);
        var (xp, rp) = GridTransforms.CyclicPermutation(xa);
        var lhsP = conv.forward(GridTransforms.RotateChannels(irrepsIn, rp, xp), new Spacing(anisotropic.Y, anisotropic.Z, anisotropic.X));
        var rhsP = GridTransforms.RotateChannels(irrepsOut, rp, GridTransforms.CyclicPermutation(ya).Field);
        Assert.InRange(MaxDiff(lhsP, rhsP), 0, 1e-9);
        // The symmetry is not trivial: a mismatched spacing breaks it.
        var wrong = conv.forward(GridTransforms.RotateChannels(irrepsIn, rp, xp), anisotropic);
        Assert.True(MaxDiff(wrong, rhsP) > 1e-3);
    }

    [Fact]
    public void EvalModeCachesTheKernelUntilTheWeightChanges()
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e", "2x0e+1x1e", 5.0, generator: new Generator(9));
        var spacing = new Spacing(1, 1, 2);

        // Training: no cache, the kernel carries the gradient.
        var trained = conv.Realize(spacing);
        Assert.True(trained.requires_grad);
        Assert.Equal(0, conv.CachedKernels);

        conv.eval();
        using (no_grad())
        {
            long before = conv.Realizations;
            var first = conv.Realize(spacing);
            var second = conv.Realize(spacing);
            Assert.Equal(before + 1, conv.Realizations);
            Assert.Equal(1, conv.CachedKernels);
            Assert.Equal(0, MaxDiff(first, second));
            Assert.Equal(0, MaxDiff(first, trained.detach()));

            conv.Weight.mul_(2).add_(0.5);
            var changed = conv.Realize(spacing);
            Assert.Equal(before + 2, conv.Realizations);
            Assert.True(MaxDiff(changed, first) > 1e-2);
            conv.train();
            var fresh = conv.Realize(spacing);
            Assert.Equal(0, MaxDiff(changed, fresh));
            conv.eval();

            // A second spacing is cached beside the first; forward uses the cache too.
            var x = randn(new long[] { 1, 5, 4, 4, 4 }, generator: new Generator(1));
            conv.forward(x, Spacing.Isotropic(1));
            conv.forward(x, Spacing.Isotropic(1));
            Assert.Equal(before + 4, conv.Realizations); // + the training-mode realization above
            Assert.Equal(2, conv.CachedKernels);
        }
        // Eval with gradients enabled does not serve a detached kernel.
        var withGrad = conv.Realize(spacing);
        Assert.True(withGrad.requires_grad);
    }

    [Fact]
    public void ParameterShapesDoNotDependOnSpacingAndGradientsReachEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("1x0e+1x1e", "2x0e+1x1e+1x2e", 10.0, generator: new Generator(2));
        var shapes = conv.parameters().Select(p => string.Join("x", p.shape)).ToList();
        Assert.Equal(new[] { $"5x{conv.WeightNumel}", $"{conv.SelfConnection.WeightNumel}" }, shapes);
        var x = randn(new long[] { 1, 4, 5, 6, 3 }, generator: new Generator(3));
        foreach (var s in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 3) })
        {
            conv.zero_grad();
            conv.forward(x, s).pow(2).sum().backward();
            Assert.All(conv.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
            Assert.Equal(new long[] { 1, 10, 5, 6, 3 }, conv.forward(x, s).shape);
        }
        Assert.Equal(shapes, conv.parameters().Select(p => string.Join("x", p.shape)).ToList());
    }

    /// <summary>
    /// The layer runs Linear_sc(x) + conv3d(x, kernel) as one conv3d whose kernel carries the self-connection on its centre
    /// tap: the same values and the same gradients (input, kernel weights, self-connection weights), on lattices whose
    /// three half widths differ (a padding order mixed up would move the tap).
    /// </summary>
    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(0.5, 1.0, 3.0)]
    public void TheSelfConnectionOnTheCentreTapGivesTheSelfConnectionPlusTheConvolution(double sx, double sy, double sz)
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e", "3x0e+1x1e+1x2e", 3.0, generator: new Generator(11), dtype: ScalarType.Float64);
        var spacing = new Spacing(sx, sy, sz);
        var x = randn([1, conv.IrrepsIn.Dim, 7, 6, 5], dtype: ScalarType.Float64, generator: new Generator(12));
        var upstream = randn([1, conv.IrrepsOut.Dim, 7, 6, 5], dtype: ScalarType.Float64, generator: new Generator(13));

        Tensor[] Gradients(Func<Tensor, Tensor> layer)
        {
            var input = x.detach().clone().requires_grad_(true);
            foreach (var p in conv.parameters()) p.grad?.zero_();
            var y = layer(input);
            y.backward([upstream]);
            return [y.detach(), input.grad!.clone(), conv.Weight.grad!.clone(), conv.SelfConnection.Weight.grad!.clone()];
        }

        var folded = Gradients(t => conv.forward(t, spacing));
        var apart = Gradients(t =>
        {
            var kernel = conv.Realize(spacing);
            return conv.SelfConnection.forward(t) + Convolution3d.Apply(t, kernel, null, kernel.shape[2..].Select(k => (k - 1) / 2).ToArray());
        });
        Assert.Equal(new long[] { 2 * (long)Math.Floor(1.5 / sx) + 1, 2 * (long)Math.Floor(1.5 / sy) + 1, 2 * (long)Math.Floor(1.5 / sz) + 1 },
                     conv.Realize(spacing).shape[2..]);
        foreach (var (a, b) in folded.Zip(apart))
        {
            Assert.InRange(MaxDiff(a, b), 0, 1e-12);
            Assert.True(b.abs().max().item<double>() > 1e-3);
        }
    }

    /// <summary>Under bf16 convolutions the self-connection stays apart, in float32: with the spatial kernel zero the
    /// output is Linear_sc(x) to float32 rounding (folded into a bfloat16 kernel it would be 1e-3 to 1e-2 off).</summary>
    [Fact]
    public void UnderBfloat16TheSelfConnectionStaysInFloat32()
    {
        using var scope = NewDisposeScope();
        using var conv = new ResolutionAdaptiveConvolution("2x0e+1x1e", "3x0e+1x1e+1x2e", 3.0, generator: new Generator(14));
        using (no_grad()) conv.Weight.zero_();
        var x = randn([1, conv.IrrepsIn.Dim, 7, 6, 5], generator: new Generator(15));
        using var __ = no_grad();
        Tensor y;
        using (NativeSeg.Nets.Execution.ConvolutionPrecision.Unchecked(NativeSeg.Nets.Execution.Precision.BFloat16)) y = conv.forward(x, Spacing.Isotropic(1));
        var self = conv.SelfConnection.forward(x);
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.InRange(MaxDiff(y, self), 0, 1e-6);
        Assert.True(self.abs().max().item<float>() > 0.5);
    }
}
