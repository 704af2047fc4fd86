using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// <see cref="FullyConnectedTensorProduct.Right"/> at a fixed x2 (e.g. spherical harmonics of a kernel lattice),
/// with the x2 part precomputed: applying it to per-point weights is one gather, one product and one scatter-add.
/// Linear in the weights, so for a convolution w = emb @ radial_weight / n gives the kernel directly.
/// Holds tensors: dispose it (or let a dispose scope own it) when the lattice changes.
/// </summary>
public sealed class RightMap : IDisposable
{
    private readonly FullyConnectedTensorProduct _tp;
    private readonly Tensor _coupling;      // [N * entries] flat, G at each entry
    private readonly Tensor _weightIndex;   // [N * entries] into weight.reshape(-1)
    private Tensor? _rightIndex, _kernelIndex;

    /// <summary>Number of points N (rows of x2).</summary>
    public long Points { get; }

    public FullyConnectedTensorProduct TensorProduct => _tp;

    internal RightMap(FullyConnectedTensorProduct tp, Tensor x2)
    {
        _tp = tp;
        Points = x2.shape[0];
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            // Owned by this map, not by whatever dispose scope the caller is in.
            _coupling = tp.Entries.Coupling(x2.detach()).reshape(-1).DetachFromDisposeScope();
        }
        _weightIndex = TensorProductEntries.FlatIndex(tp.Entries.WeightIndex, Points, tp.WeightNumel, x2.device).DetachFromDisposeScope();
    }

    /// <summary>weight [N, WeightNumel] -> right [N, dim1, dimOut] (out[n] = x1[n] · right[n]).</summary>
    public Tensor Apply(Tensor weight)
    {
        _rightIndex ??= TensorProductEntries.FlatIndex(_tp.Entries.RightIndex, Points, _tp.IrrepsIn1.Dim * _tp.IrrepsOut.Dim, _coupling.device)
            .DetachFromDisposeScope();
        return ApplyWith(weight, _rightIndex, Points * _tp.IrrepsIn1.Dim * _tp.IrrepsOut.Dim)
            .view(Points, _tp.IrrepsIn1.Dim, _tp.IrrepsOut.Dim);
    }

    /// <summary>
    /// weight [N, WeightNumel] -> [dimOut, dim1, N]: the same numbers as <see cref="Apply"/> permuted to (out, in,
    /// point), i.e. a conv3d weight once the point axis is viewed as the lattice shape (no transpose needed).
    /// </summary>
    public Tensor ApplyAsKernel(Tensor weight)
    {
        if (_kernelIndex is null)
        {
            // Entry e of point n goes to (out * dim1 + in) * N + n.
            var e = _tp.Entries;
            var flat = new long[Points * e.Count];
            for (long n = 0; n < Points; n++)
                for (int i = 0; i < e.Count; i++)
                    flat[n * e.Count + i] = (e.OutIndex[i] * e.Dim1 + e.In1Index[i]) * Points + n;
            _kernelIndex = torch.tensor(flat, device: _coupling.device).DetachFromDisposeScope();
        }
        return ApplyWith(weight, _kernelIndex, Points * _tp.IrrepsIn1.Dim * _tp.IrrepsOut.Dim)
            .view(_tp.IrrepsOut.Dim, _tp.IrrepsIn1.Dim, Points);
    }

    /// <summary>
    /// A convolution kernel [dimOut, dim1, N] from a radial parameterization: per-point weights
    /// w = embedding [N, R] @ radialWeight [R, WeightNumel] * scale (e.g. scale = 1 / N), then <see cref="ApplyAsKernel"/>.
    /// </summary>
    public Tensor KernelFromRadial(Tensor embedding, Tensor radialWeight, double scale)
    {
        using var scope = NewDisposeScope();
        return ApplyAsKernel(embedding.to_type(radialWeight.dtype).matmul(radialWeight) * scale).MoveToOuterDisposeScope();
    }

    private Tensor ApplyWith(Tensor weight, Tensor target, long size)
    {
        if (weight.dim() != 2 || weight.shape[0] != Points || weight.shape[1] != _tp.WeightNumel)
            throw new ArgumentException($"right map: weight must be [{Points}, {_tp.WeightNumel}], got [{string.Join(", ", weight.shape)}]");
        using var scope = NewDisposeScope();
        var coupling = _coupling.dtype == weight.dtype ? _coupling : _coupling.to_type(weight.dtype);
        var terms = weight.reshape(-1).index_select(0, _weightIndex) * coupling;
        return zeros(size, dtype: weight.dtype, device: weight.device).index_add(0, target, terms, 1.0).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _coupling.Dispose();
        _weightIndex.Dispose();
        _rightIndex?.Dispose();
        _kernelIndex?.Dispose();
    }
}
