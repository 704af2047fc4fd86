using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// e3nn's <c>TensorProduct.right</c> for weights that are a radial expansion, the way a convolution kernel is built
/// (<see cref="FullyConnectedTensorProduct.RightCoupling"/>): the radial weights W [B, WeightNumel] contracted with the
/// Clebsch-Gordan (Wigner 3j) coefficients of the tensor product, as a matrix
///   A[(o, i), (b, s)] = sum over paths p of a_p W_p[b, u, v, w] C_p[i', j, k]
/// with o = (w, k) in output block p.out, i = (u, i') in input block p.in1 and s = (v, j) in filter block p.in2.
/// With Basis[(b, s), n] = emb[n, b] sh[n, s] / N, A @ Basis is exactly tp.right(sh, emb @ W / N) permuted to
/// [out, in, N]: the sum over b and s is one matrix product, and only Basis depends on the lattice.
/// Built block by block (one outer product per path, zero blocks where no path couples), differentiable in W.
/// </summary>
public sealed class RightCoupling
{
    private readonly FullyConnectedTensorProduct _tp;
    private readonly int _radialBasis;
    private readonly Dictionary<int, TensorProductInstruction> _paths = new();

    /// <summary>
    /// Whether the Wigner 3j of paths without an l = 0 are rounded to float32, as e3nn 0.5.1's compiled right function
    /// holds them when built under torch's default float32 (a model moved to float64 afterwards only widens them).
    /// Paths with an l = 0 are specialized code there, 1/sqrt(2l+1) in the model's precision, and stay exact.
    /// </summary>
    public bool Float32Wigner3j { get; }

    internal RightCoupling(FullyConnectedTensorProduct tp, int radialBasis, bool float32Wigner3j)
    {
        _tp = tp;
        _radialBasis = radialBasis;
        Float32Wigner3j = float32Wigner3j;
        foreach (var ins in tp.Instructions) _paths[Key(ins.IIn1, ins.IIn2, ins.IOut)] = ins;
    }

    private int Key(int i1, int i2, int o) => (o * _tp.IrrepsIn1.Count + i1) * _tp.IrrepsIn2.Count + i2;

    /// <summary>radialWeight [B, WeightNumel] -> A [dimOut * dimIn, B * dimSh].</summary>
    public Tensor Matrix(Tensor radialWeight)
    {
        if (radialWeight.dim() != 2 || radialWeight.shape[0] != _radialBasis || radialWeight.shape[1] != _tp.WeightNumel)
            throw new ArgumentException($"right coupling: radial weight must be [{_radialBasis}, {_tp.WeightNumel}], got [{string.Join(", ", radialWeight.shape)}]");
        using var scope = NewDisposeScope();
        var (in1, sh, outIrreps) = (_tp.IrrepsIn1, _tp.IrrepsIn2, _tp.IrrepsOut);
        long b = _radialBasis;
        var rows = new List<Tensor>(outIrreps.Count);
        for (int o = 0; o < outIrreps.Count; o++)
        {
            var ob = outIrreps[o];
            var columns = new List<Tensor>(in1.Count);
            for (int i1 = 0; i1 < in1.Count; i1++)
            {
                var ib = in1[i1];
                var pieces = new List<Tensor>(sh.Count);
                bool any = false;
                for (int i2 = 0; i2 < sh.Count; i2++)
                {
                    var sb = sh[i2];
                    if (_paths.TryGetValue(Key(i1, i2, o), out var p))
                    {
                        pieces.Add(PathBlock(radialWeight, p));
                        any = true;
                    }
                    else
                        pieces.Add(zeros(new long[] { ob.Dim, ib.Dim, b, sb.Dim }, dtype: radialWeight.dtype, device: radialWeight.device));
                }
                columns.Add(any
                    ? cat(pieces, 3)
                    : zeros(new long[] { ob.Dim, ib.Dim, b, sh.Dim }, dtype: radialWeight.dtype, device: radialWeight.device));
            }
            rows.Add(cat(columns, 1));
        }
        return cat(rows, 0).reshape((long)outIrreps.Dim * in1.Dim, b * sh.Dim).MoveToOuterDisposeScope();
    }

    /// <summary>One path's block [mulOut*dOut, mul1*d1, B, mul2*d2] = a_p W_p[b,u,v,w] C[i,j,k], laid out (w k), (u i), b, (v j).</summary>
    private Tensor PathBlock(Tensor radialWeight, TensorProductInstruction p)
    {
        int d1 = 2 * p.L1 + 1, d2 = 2 * p.L2 + 1, dO = 2 * p.LOut + 1;
        var w = radialWeight.narrow(1, p.WeightOffset, p.WeightNumel).view(_radialBasis, p.Mul1, p.Mul2, p.MulOut);
        bool rounded = Float32Wigner3j && p.L1 > 0 && p.L2 > 0 && p.LOut > 0;
        var c = Wigner3j.Tensor(p.L1, p.L2, p.LOut, rounded ? ScalarType.Float32 : radialWeight.dtype, radialWeight.device).to(radialWeight.dtype) * KeptScalars.Of(p.PathWeight);
        return einsum("buvw,ijk->wkuibvj", w, c).reshape((long)p.MulOut * dO, (long)p.Mul1 * d1, _radialBasis, (long)p.Mul2 * d2);
    }
}
