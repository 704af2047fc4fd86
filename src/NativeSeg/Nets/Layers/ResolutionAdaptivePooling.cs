using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// Max pooling over a physical width (docs/design/e3nn.md "Resolution-adaptive pooling"): the window per axis is
/// k = max(1, floor(P / s)), kernel = stride = k, floor mode — the level's pooling size in <see cref="KernelPlan"/>
/// (the paper's Table 1), which the U-Net builds once per forward and hands to each level. Scalars (0e, 0o) take the
/// plain maximum per channel. An l > 0 copy takes all its 2l+1 components from the voxel of the window where that
/// copy's L2 norm is largest (first maximum in raster order, z fastest), which keeps the pooling equivariant. Chosen
/// per sample (no mixing across the batch). No parameters.
/// </summary>
public sealed class ResolutionAdaptivePooling : nn.Module<Tensor, Shape3, Tensor>
{
    public Irreps Irreps { get; }

    public ResolutionAdaptivePooling(Irreps irreps) : base(nameof(ResolutionAdaptivePooling))
    {
        Irreps = irreps;
    }

    /// <summary>x [B, dim, X, Y, Z] pooled by <paramref name="window"/> voxels per axis (<see cref="KernelPlan.PoolSizes"/>).</summary>
    public override Tensor forward(Tensor x, Shape3 window)
    {
        if (x.dim() != 5 || x.shape[1] != Irreps.Dim)
            throw new ArgumentException($"pooling {Irreps}: expected [B, {Irreps.Dim}, X, Y, Z], got [{string.Join(", ", x.shape)}]");
        for (int a = 0; a < 3; a++)
            if (x.shape[2 + a] < window[a])
                throw new ArgumentException($"pooling {window}: axis {a} has {x.shape[2 + a]} voxels, fewer than the window");
        return Pool(x, new long[] { window.X, window.Y, window.Z });
    }

    private Tensor Pool(Tensor x, long[] window)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0];
        long voxels = x.shape[2] * x.shape[3] * x.shape[4];
        var blocks = new List<Tensor>(Irreps.Count);
        int offset = 0;
        foreach (var block in Irreps)
        {
            var field = x.narrow(1, offset, block.Dim);
            offset += block.Dim;
            if (block.Irrep.L == 0)
            {
                blocks.Add(nn.functional.max_pool3d(field, window));
                continue;
            }
            int mul = block.Mul, d = block.Irrep.Dim;
            Tensor indices;
            using (no_grad())
            {
                var copies = field.detach().reshape(batch, mul, d, x.shape[2], x.shape[3], x.shape[4]);
                var norms = (copies * copies).sum(2);   // not square(): its temporary Scalar (KeptScalars)
                indices = nn.functional.max_pool3d_with_indices(norms, window).indices; // [B, mul, X', Y', Z'], flat in X*Y*Z
            }
            var pooledShape = indices.shape[2..];
            long pooled = indices.shape[2] * indices.shape[3] * indices.shape[4];
            var gather = indices.reshape(batch, mul, 1, pooled).expand(batch, mul, d, pooled);
            var picked = field.reshape(batch, mul, d, voxels).gather(3, gather);
            blocks.Add(picked.reshape(new[] { batch, (long)mul * d }.Concat(pooledShape).ToArray()));
        }
        return cat(blocks, 1).MoveToOuterDisposeScope();
    }
}
