using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// e3nn's FullyConnectedTensorProduct with per-sample (unshared) weights, irrep normalization "component" and path
/// normalization "element":
///   out[o][w, k] += a_p sum_{u,v} W_p[u,v,w] sum_{i,j} C(l1,l2,lo)[i,j,k] x1[i1][u,i] x2[i2][v,j],
///   a_p = sqrt((2 lo + 1) / fan_in(o)), fan_in(o) = sum over paths into o of mul1 mul2.
/// Paths: for i1, for i2, for o (that order) with lo in |l1-l2|..l1+l2 and p_o = p1 p2.
/// Evaluated sparsely: every nonzero (path, u, v, w, i, k) term is one entry of flat index lists, so forward,
/// <see cref="Right"/> and their gradients are a handful of gathers, one product and one scatter-add.
/// </summary>
public sealed class FullyConnectedTensorProduct
{
    public Irreps IrrepsIn1 { get; }
    public Irreps IrrepsIn2 { get; }
    public Irreps IrrepsOut { get; }
    public IReadOnlyList<TensorProductInstruction> Instructions { get; }
    public int WeightNumel { get; }

    internal TensorProductEntries Entries { get; }

    public FullyConnectedTensorProduct(Irreps irrepsIn1, Irreps irrepsIn2, Irreps irrepsOut)
    {
        IrrepsIn1 = irrepsIn1;
        IrrepsIn2 = irrepsIn2;
        IrrepsOut = irrepsOut;
        var paths = new List<(int I1, int I2, int O)>();
        for (int i1 = 0; i1 < irrepsIn1.Count; i1++)
            for (int i2 = 0; i2 < irrepsIn2.Count; i2++)
                for (int o = 0; o < irrepsOut.Count; o++)
                    if (irrepsIn1[i1].Irrep.Times(irrepsIn2[i2].Irrep).Contains(irrepsOut[o].Irrep))
                        paths.Add((i1, i2, o));
        var fanIn = new double[irrepsOut.Count];
        foreach (var (i1, i2, o) in paths) fanIn[o] += irrepsIn1[i1].Mul * irrepsIn2[i2].Mul;
        var instructions = new List<TensorProductInstruction>();
        int offset = 0;
        foreach (var (i1, i2, o) in paths)
        {
            var (a, b, c) = (irrepsIn1[i1], irrepsIn2[i2], irrepsOut[o]);
            double weight = fanIn[o] > 0 ? Math.Sqrt((2 * c.Irrep.L + 1) / fanIn[o]) : 0;
            instructions.Add(new TensorProductInstruction(i1, i2, o, a.Irrep.L, b.Irrep.L, c.Irrep.L, a.Mul, b.Mul, c.Mul, weight, offset));
            offset += a.Mul * b.Mul * c.Mul;
        }
        Instructions = instructions;
        WeightNumel = offset;
        Entries = new TensorProductEntries(irrepsIn1, irrepsIn2, irrepsOut, instructions);
    }

    /// <summary>x1 [N, dim1], x2 [N, dim2], weight [N, WeightNumel] (or [WeightNumel], shared) -> [N, dimOut].</summary>
    public Tensor Forward(Tensor x1, Tensor x2, Tensor weight)
    {
        long n = CheckBatch(x2, weight);
        if (x1.dim() != 2 || x1.shape[0] != n || x1.shape[1] != IrrepsIn1.Dim)
            throw new ArgumentException($"tensor product: x1 must be [{n}, {IrrepsIn1.Dim}], got [{string.Join(", ", x1.shape)}]");
        using var scope = NewDisposeScope();
        var terms = Entries.Coupling(x2) * Entries.Weights(weight, n) * TensorProductEntries.Gather(x1, Entries.In1Index);
        return TensorProductEntries.Scatter(terms, n, Entries.OutIndex, IrrepsOut.Dim).view(n, IrrepsOut.Dim).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The bilinear map with x1 left open: x2 [N, dim2], weight [N, WeightNumel] -> right [N, dim1, dimOut] with
    /// out[n] = x1[n] · right[n]. A convolution kernel is this at x2 = spherical harmonics of the lattice offsets.
    /// </summary>
    public Tensor Right(Tensor x2, Tensor weight)
    {
        long n = CheckBatch(x2, weight);
        using var scope = NewDisposeScope();
        var terms = Entries.Coupling(x2) * Entries.Weights(weight, n);
        return TensorProductEntries.Scatter(terms, n, Entries.RightIndex, IrrepsIn1.Dim * IrrepsOut.Dim)
            .view(n, IrrepsIn1.Dim, IrrepsOut.Dim).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Right"/> for weights expanded in <paramref name="radialBasis"/> radial functions, as a matrix (<see cref="Equivariant.RightCoupling"/>).</summary>
    /// <param name="float32Wigner3j">Round the coefficients as the published float32-built modules hold them (<see cref="Equivariant.RightCoupling.Float32Wigner3j"/>).</param>
    public RightCoupling RightCoupling(int radialBasis, bool float32Wigner3j = false) => new(this, radialBasis, float32Wigner3j);

    private long CheckBatch(Tensor x2, Tensor weight)
    {
        if (x2.dim() != 2 || x2.shape[1] != IrrepsIn2.Dim)
            throw new ArgumentException($"tensor product: x2 must be [N, {IrrepsIn2.Dim}], got [{string.Join(", ", x2.shape)}]");
        long n = x2.shape[0];
        bool ok = weight.dim() == 1 ? weight.shape[0] == WeightNumel : weight.dim() == 2 && weight.shape[0] == n && weight.shape[1] == WeightNumel;
        if (!ok)
            throw new ArgumentException($"tensor product: weight must be [{n}, {WeightNumel}] or [{WeightNumel}], got [{string.Join(", ", weight.shape)}]");
        return n;
    }

    public override string ToString() =>
        $"FullyConnectedTensorProduct({IrrepsIn1} x {IrrepsIn2} -> {IrrepsOut} | {Instructions.Count} paths | {WeightNumel} weights)";
}
