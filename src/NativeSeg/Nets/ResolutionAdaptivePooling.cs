using NativeSeg.Equivariant;
using NativeSeg.Imaging;
using static TorchSharp.torch;

namespace NativeSeg.Nets;

/// <summary>
/// Max pooling over a physical width (docs/design/e3nn.md "Resolution-adaptive pooling"): per axis k = max(1, floor(P / s)),
/// kernel = stride = k, floor mode. Scalars (0e, 0o) take the plain maximum per channel. An l > 0 copy takes all
/// its 2l+1 components from the voxel of the window where that copy's L2 norm is largest (first maximum in raster
/// order, z fastest), which keeps the pooling equivariant. Chosen per sample (no mixing across the batch).
/// Returns the pooled tensor and the spacing the pooled data really has (s * k per axis); the published code's
/// level spacings are available through <see cref="KernelPlan.For"/> with <see cref="LevelSpacingRule.Published"/>.
/// No parameters.
/// </summary>
public sealed class ResolutionAdaptivePooling : nn.Module<Tensor, Spacing, (Tensor Pooled, Spacing Spacing)>
{
    public double WidthMm { get; }
    public Irreps Irreps { get; }

    public ResolutionAdaptivePooling(double widthMm, Irreps irreps) : base(nameof(ResolutionAdaptivePooling))
    {
        if (!(widthMm > 0)) throw new ArgumentException($"pooling width {widthMm} mm: must be positive");
        WidthMm = widthMm;
        Irreps = irreps;
    }

    /// <summary>Pooling size per axis at this spacing.</summary>
    public Shape3 Sizes(Spacing spacing) =>
        new(KernelPlan.PoolSize(WidthMm, spacing.X), KernelPlan.PoolSize(WidthMm, spacing.Y), KernelPlan.PoolSize(WidthMm, spacing.Z));

    /// <summary>The spacing after pooling at this input spacing (actual rule: s * k).</summary>
    public Spacing PooledSpacing(Spacing spacing)
    {
        var k = Sizes(spacing);
        return new Spacing(spacing.X * k.X, spacing.Y * k.Y, spacing.Z * k.Z);
    }

    /// <summary>
    /// The next level's spacing under a level-spacing rule: the actual s * k, or the published code's
    /// floor(P / s0) * s0 from the network's input spacing s0 (which differs when spacings do not divide).
    /// </summary>
    public Spacing NextSpacing(Spacing spacing, Spacing inputSpacing, LevelSpacingRule rule) => rule switch
    {
        LevelSpacingRule.Actual => PooledSpacing(spacing),
        LevelSpacingRule.Published => new Spacing(
            KernelPlan.PoolSize(WidthMm, inputSpacing.X) * inputSpacing.X,
            KernelPlan.PoolSize(WidthMm, inputSpacing.Y) * inputSpacing.Y,
            KernelPlan.PoolSize(WidthMm, inputSpacing.Z) * inputSpacing.Z),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public override (Tensor Pooled, Spacing Spacing) forward(Tensor x, Spacing spacing)
    {
        if (x.dim() != 5 || x.shape[1] != Irreps.Dim)
            throw new ArgumentException($"pooling {Irreps}: expected [B, {Irreps.Dim}, X, Y, Z], got [{string.Join(", ", x.shape)}]");
        var k = Sizes(spacing);
        for (int a = 0; a < 3; a++)
            if (x.shape[2 + a] < k[a])
                throw new ArgumentException($"pooling {WidthMm} mm at {spacing}: axis {a} has {x.shape[2 + a]} voxels, fewer than the window {k[a]}");
        return (Pool(x, new long[] { k.X, k.Y, k.Z }), PooledSpacing(spacing));
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
                var norms = field.detach().reshape(batch, mul, d, x.shape[2], x.shape[3], x.shape[4]).square().sum(2);
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
