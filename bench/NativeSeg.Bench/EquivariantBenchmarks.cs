using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// The tensor-product `right` map that realizes convolution kernels: 8x0e+4x1e+2x2e -> 8x0e+4x1e+2x2e with filter
/// irreps 0e+1e+2e on a 5x5x5 lattice (125 points), float32, 5 radial basis functions.
/// </summary>
public sealed class EquivariantBenchmarks : IBenchmarkSuite
{
    public string Key => "equivariant";

    public string Title => "Equivariant primitives (tensor-product right coupling, 5x5x5 lattice)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        var tp = new FullyConnectedTensorProduct("8x0e+4x1e+2x2e", Irreps.SphericalHarmonics(2, p: 1), "8x0e+4x1e+2x2e");
        const int side = 5, radial = 5;
        int points = side * side * side;
        var axis = arange(-2, 3, dtype: ScalarType.Float32);
        var grid = meshgrid(new[] { axis, axis, axis }, indexing: "ij");
        var lattice = stack(grid, -1).reshape(points, 3).DetachFromDisposeScope();
        var sh = SphericalHarmonics.Compute(Irreps.SphericalHarmonics(2, p: 1), lattice, normalize: true).DetachFromDisposeScope();
        var emb = RadialBasis.SoftOneHotLinspace(lattice.norm(1), 0, 2.5, radial, RadialBasisKind.SmoothFinite, cutoff: true).DetachFromDisposeScope();
        var radialWeight = randn(new long[] { radial, tp.WeightNumel }, generator: new Generator(0)).requires_grad_().DetachFromDisposeScope();
        var probe = randn(new long[] { tp.IrrepsOut.Dim, tp.IrrepsIn1.Dim, points }, generator: new Generator(1)).DetachFromDisposeScope();
        var coupling = tp.RightCoupling(radial);
        var basis = ((emb.unsqueeze(2) * sh.unsqueeze(1)).reshape(points, -1).t() / points).DetachFromDisposeScope();
        string shape = $"{tp.WeightNumel} weights, {tp.IrrepsIn1.Dim}x{tp.IrrepsOut.Dim} per point";

        yield return new BenchmarkCase("kernel from radial weights, forward", () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            coupling.Matrix(radialWeight).matmul(basis);
        }, Repeats: 50, WarmUp: 5, Unit: "ms", Notes: _ => "coupling(W) @ basis to [out*in, 125]");

        yield return new BenchmarkCase("kernel from radial weights, forward + backward", () =>
        {
            using var scope = NewDisposeScope();
            (coupling.Matrix(radialWeight).matmul(basis).view(probe.shape) * probe).sum().backward();
            radialWeight.grad?.zero_();
        }, Repeats: 50, WarmUp: 5, Unit: "ms");

        yield return new BenchmarkCase("tp.Right(sh, w) unprepared, forward + backward", () =>
        {
            using var scope = NewDisposeScope();
            var w = emb.matmul(radialWeight) / points;
            (tp.Right(sh, w).permute(2, 1, 0) * probe).sum().backward();
            radialWeight.grad?.zero_();
        }, Repeats: 20, WarmUp: 2, Unit: "ms", Notes: _ => "recomputes the SH coupling and indices every call");

        yield return new BenchmarkCase("reference: dense einsum right, forward + backward", () =>
        {
            using var scope = NewDisposeScope();
            var w = emb.matmul(radialWeight) / points;
            (DenseRight(tp, sh, w).permute(2, 1, 0) * probe).sum().backward();
            radialWeight.grad?.zero_();
        }, Repeats: 20, WarmUp: 2, Unit: "ms", Notes: _ => "one einsum per path, blocks concatenated (the direct formula)");
    }

    /// <summary>The direct per-path formula, for comparison: right[n, (u,i), (w,k)] = a sum_v W[n,u,v,w] C[i,j,k] x2[n,v,j].</summary>
    private static Tensor DenseRight(FullyConnectedTensorProduct tp, Tensor x2, Tensor w)
    {
        long n = x2.shape[0];
        var blocks = new Tensor?[tp.IrrepsIn1.Count, tp.IrrepsOut.Count];
        foreach (var ins in tp.Instructions)
        {
            var c = Wigner3j.Tensor(ins.L1, ins.L2, ins.LOut, x2.dtype);
            var x2b = x2.narrow(1, tp.IrrepsIn2.Offset(ins.IIn2), ins.Mul2 * (2 * ins.L2 + 1)).view(n, ins.Mul2, 2 * ins.L2 + 1);
            var wb = w.narrow(1, ins.WeightOffset, ins.WeightNumel).view(n, ins.Mul1, ins.Mul2, ins.MulOut);
            var block = einsum("nuvw,ijk,nvj->nuiwk", wb, c, x2b).reshape(n, ins.Mul1 * (2 * ins.L1 + 1), ins.MulOut * (2 * ins.LOut + 1)) * ins.PathWeight;
            var prev = blocks[ins.IIn1, ins.IOut];
            blocks[ins.IIn1, ins.IOut] = prev is null ? block : prev + block;
        }
        var rows = new List<Tensor>();
        for (int i = 0; i < tp.IrrepsIn1.Count; i++)
        {
            var cols = new List<Tensor>();
            for (int o = 0; o < tp.IrrepsOut.Count; o++)
                cols.Add(blocks[i, o] ?? zeros(new long[] { n, tp.IrrepsIn1[i].Dim, tp.IrrepsOut[o].Dim }, dtype: x2.dtype));
            rows.Add(cat(cols, 2));
        }
        return cat(rows, 1);
    }
}
