using TorchSharp;
using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// The nonzero terms of a tensor product as flat index lists. A "coupling" f = (path p, v, i, k) carries
/// G[n, f] = a_p sum_j C_p[i,j,k] x2[n, v, j] (one matmul x2 @ <see cref="CouplingMatrix"/>); an entry
/// e = (p, u, v, w, i, k) multiplies G[n, f(e)] by W[n, q(e)] (and x1[n, u, i] in the forward) and lands at
/// output index (w, k). Per-sample gathers and scatters work on flattened 1-D tensors because libtorch's 1-D
/// index_add / index_select are single tight loops (the n-D ones iterate per index).
/// </summary>
internal sealed class TensorProductEntries
{
    public int Count { get; }
    public int CouplingCount { get; }
    public int Dim1 { get; }
    public int Dim2 { get; }
    public int DimOut { get; }
    public int WeightNumel { get; }

    /// <summary>Per entry: coupling f, weight q, x1 component, output component, right-matrix position (x1 * dimOut + out).</summary>
    public long[] CouplingIndex { get; }
    public long[] WeightIndex { get; }
    public long[] In1Index { get; }
    public long[] OutIndex { get; }
    public long[] RightIndex { get; }

    /// <summary>[dim2, couplings] row-major.</summary>
    public double[] CouplingMatrix { get; }

    public TensorProductEntries(Irreps in1, Irreps in2, Irreps outIrreps, IReadOnlyList<TensorProductInstruction> instructions)
    {
        Dim1 = in1.Dim;
        Dim2 = in2.Dim;
        DimOut = outIrreps.Dim;
        WeightNumel = instructions.Sum(i => i.WeightNumel);
        var couplings = new List<(int Row, int F, double Value)>();
        var f = new List<long>(); var q = new List<long>(); var x1 = new List<long>(); var o = new List<long>();
        int fCount = 0;
        foreach (var ins in instructions)
        {
            int d1 = 2 * ins.L1 + 1, d2 = 2 * ins.L2 + 1, dO = 2 * ins.LOut + 1;
            var c = Wigner3j.Values(ins.L1, ins.L2, ins.LOut);
            int off1 = in1.Offset(ins.IIn1), off2 = in2.Offset(ins.IIn2), offO = outIrreps.Offset(ins.IOut);
            for (int v = 0; v < ins.Mul2; v++)
                for (int i = 0; i < d1; i++)
                    for (int k = 0; k < dO; k++)
                    {
                        bool any = false;
                        for (int j = 0; j < d2; j++)
                        {
                            double value = c[(i * d2 + j) * dO + k];
                            if (value == 0) continue;
                            couplings.Add((off2 + v * d2 + j, fCount, ins.PathWeight * value));
                            any = true;
                        }
                        if (!any) continue;
                        for (int u = 0; u < ins.Mul1; u++)
                            for (int w = 0; w < ins.MulOut; w++)
                            {
                                f.Add(fCount);
                                q.Add(ins.WeightOffset + (u * ins.Mul2 + v) * ins.MulOut + w);
                                x1.Add(off1 + u * d1 + i);
                                o.Add(offO + w * dO + k);
                            }
                        fCount++;
                    }
        }
        CouplingCount = fCount;
        CouplingMatrix = new double[Dim2 * fCount];
        foreach (var (row, col, value) in couplings) CouplingMatrix[row * fCount + col] = value;
        CouplingIndex = f.ToArray();
        WeightIndex = q.ToArray();
        In1Index = x1.ToArray();
        OutIndex = o.ToArray();
        RightIndex = In1Index.Zip(OutIndex, (a, b) => a * DimOut + b).ToArray();
        Count = CouplingIndex.Length;
    }

    /// <summary>G[n, entry] for every entry: [N, Count].</summary>
    public Tensor Coupling(Tensor x2)
    {
        var m = torch.tensor(CouplingMatrix, new long[] { Dim2, CouplingCount }, dtype: x2.dtype, device: x2.device);
        return Gather(x2.matmul(m), CouplingIndex);
    }

    /// <summary>W[n, q(entry)]: [N, Count], or [Count] for a shared weight vector (broadcasts).</summary>
    public Tensor Weights(Tensor weight, long n) =>
        weight.dim() == 1 ? weight.index_select(0, Index(WeightIndex, weight.device)) : Gather(weight, WeightIndex);

    /// <summary>a[n, index[e]] as [N, Count], through a flat 1-D gather.</summary>
    public static Tensor Gather(Tensor a, long[] index)
    {
        long n = a.shape[0], width = a.shape[1];
        var flat = FlatIndex(index, n, width, a.device);
        return a.reshape(-1).index_select(0, flat).view(n, index.Length);
    }

    /// <summary>out[n, index[e]] += terms[n, e] into [N * width] (flat).</summary>
    public static Tensor Scatter(Tensor terms, long n, long[] index, long width)
    {
        var flat = FlatIndex(index, n, width, terms.device);
        var expanded = terms.dim() == 1 ? terms.expand(n, index.Length) : terms;
        return zeros(n * width, dtype: terms.dtype, device: terms.device).index_add(0, flat, expanded.reshape(-1), KeptScalars.One);
    }

    /// <summary>n * width + index[e] for every (n, e), row-major.</summary>
    public static Tensor FlatIndex(long[] index, long n, long width, Device device)
    {
        var flat = new long[n * index.Length];
        for (long s = 0; s < n; s++)
        {
            long baseIndex = s * width;
            long row = s * index.Length;
            for (int e = 0; e < index.Length; e++) flat[row + e] = baseIndex + index[e];
        }
        return torch.tensor(flat, device: device);
    }

    public static Tensor Index(long[] index, Device device) => torch.tensor(index, device: device);
}
