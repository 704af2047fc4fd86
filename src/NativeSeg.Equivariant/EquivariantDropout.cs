using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// e3nn's equivariant dropout: in training, each irrep copy of each sample is dropped whole (all 2l+1 components,
/// at every spatial position) with probability p and kept ones are scaled by 1/(1-p); identity in eval.
/// Channels are dim 1 ([N, C] or [B, C, X, Y, Z]).
/// </summary>
public sealed class EquivariantDropout : nn.Module<Tensor, Tensor>
{
    public Irreps Irreps { get; }
    public double P { get; }

    private readonly long[] _copyOfChannel;
    private readonly Generator? _generator;

    public EquivariantDropout(Irreps irreps, double p, Generator? generator = null) : base(nameof(EquivariantDropout))
    {
        if (p < 0 || p > 1) throw new ArgumentException($"dropout probability must be in [0, 1], got {p}");
        Irreps = irreps;
        P = p;
        _generator = generator;
        _copyOfChannel = irreps.Copies().SelectMany((c, k) => Enumerable.Repeat((long)k, c.Irrep.Dim)).ToArray();
    }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x.shape[1] != Irreps.Dim)
            throw new ArgumentException($"dropout {Irreps}: expected {Irreps.Dim} channels at dim 1, got [{string.Join(", ", x.shape)}]");
        if (!training || P == 0) return x.alias();
        using var scope = NewDisposeScope();
        long batch = x.shape[0];
        using var kept = (1 - P).ToScalar();
        var keep = P >= 1
            ? zeros(batch, Irreps.NumIrreps, dtype: x.dtype, device: x.device)
            : bernoulli(full(batch, Irreps.NumIrreps, kept, dtype: x.dtype, device: x.device), _generator) / kept;
        var mask = keep.index_select(1, torch.tensor(_copyOfChannel, device: x.device));
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = batch;
        shape[1] = Irreps.Dim;
        return (x * mask.view(shape)).MoveToOuterDisposeScope();
    }
}
