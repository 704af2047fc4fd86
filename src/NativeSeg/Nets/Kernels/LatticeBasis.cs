using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Import;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// The spacing-dependent, weight-independent half of a resolution-adaptive kernel (docs/design/e3nn.md "Resolution-adaptive
/// convolution", steps 1-3): the lattice of physical offsets R (t_x s_x, t_y s_y, t_z s_z), |t_a| &lt;= n_a =
/// floor(r / s_a), R the <see cref="KernelFrame"/> (identity for voxel geometry), and on it Basis[(b, s), n] = emb[n, b] * sh[n, s] / N (radial basis b times spherical harmonic
/// component s at lattice point n, divided by the number of points N). A kernel is then
/// coupling(radial_weight) [out*in, B*S] @ Basis [B*S, N].
/// Owns its tensor: dispose it.
/// </summary>
public sealed class LatticeBasis : IDisposable
{
    public Spacing Spacing { get; }

    public KernelFrame Frame { get; }

    /// <summary>n_a per axis (the conv3d padding).</summary>
    public Shape3 HalfWidth { get; }

    /// <summary>2 n_a + 1 per axis.</summary>
    public Shape3 Shape => new(2 * HalfWidth.X + 1, 2 * HalfWidth.Y + 1, 2 * HalfWidth.Z + 1);

    public long Points => Shape.Count;

    /// <summary>
    /// Half widths of the smallest centred box holding every lattice point where some basis entry is nonzero (the rest
    /// of the lattice contributes exact zeros to every kernel, whatever the weights). Equals <see cref="HalfWidth"/>
    /// unless the radial cutoff zeroes whole outer shells (points at exactly r, e.g. t = ±5 at 0.5 mm for r = 2.5 mm).
    /// </summary>
    public Shape3 Support { get; }

    /// <summary>Boxes and dilated plane pairs that hold every lattice point carrying weight exactly once
    /// (<see cref="KernelPiece.Decompose"/>); <see cref="ConvolutionAlgorithm.Pieces"/> runs one conv3d per piece.</summary>
    public IReadOnlyList<KernelPiece> Pieces { get; }

    /// <summary>[radialBasis * shDim, Points], points in meshgrid "ij" order (x slowest, z fastest).</summary>
    public Tensor Basis { get; }

    public KernelBufferPrecision Precision { get; }

    public LatticeBasis(Spacing spacing, KernelFrame frame, double radiusMm, int radialBasis, bool cutoff, Irreps irrepsSh, ScalarType dtype, Device? device = null,
                        KernelBufferPrecision precision = KernelBufferPrecision.Float64)
    {
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0))
            throw new UserInputException($"spacing {spacing}: every axis must be positive (mm)");
        Spacing = spacing;
        Frame = frame;
        Precision = precision;
        HalfWidth = KernelPlan.HalfWidths(radiusMm, spacing);
        Basis = Build(spacing, radiusMm, radialBasis, cutoff, irrepsSh, dtype, device);
        var carries = Carries(Basis);
        Support = KernelPiece.Support(carries, HalfWidth);
        Pieces = KernelPiece.Decompose(carries, HalfWidth);
    }

    /// <summary>The support half widths of a kernel of this radius on this grid (see <see cref="Support"/>).</summary>
    public static Shape3 SupportAt(Spacing grid, double radiusMm, int radialBasis, bool cutoff, int lmax)
    {
        using var basis = new LatticeBasis(grid, KernelFrame.Voxel, radiusMm, radialBasis, cutoff, Irreps.SphericalHarmonics(lmax, p: 1), ScalarType.Float64);
        return basis.Support;
    }

    /// <summary>Per lattice point (x slowest), whether any basis entry is nonzero there.</summary>
    private static bool[] Carries(Tensor basis)
    {
        using var scope = NewDisposeScope();
        return basis.abs().sum(new long[] { 0 }).gt(KeptScalars.Of(0)).data<bool>().ToArray();
    }

    private Tensor Build(Spacing spacing, double radiusMm, int radialBasis, bool cutoff, Irreps irrepsSh, ScalarType dtype, Device? device)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (emb, sh) = Precision == KernelBufferPrecision.PublishedFloat32
            ? PublishedFloat32Buffers.Build(spacing, HalfWidth, Frame, radiusMm, radialBasis, cutoff, PublishedLmax(irrepsSh))
            : Float64Buffers(spacing, radiusMm, radialBasis, cutoff, irrepsSh);
        var basis = einsum("nb,ns->bsn", emb, sh).reshape(radialBasis * irrepsSh.Dim, Points) / KeptScalars.Of(Points);
        return basis.to(dtype, device ?? CPU).contiguous().DetachFromDisposeScope();
    }

    /// <summary>emb [N, B] (radial basis at |offset|) and sh [N, S] (harmonics of the offset direction), in float64.</summary>
    private (Tensor Emb, Tensor Sh) Float64Buffers(Spacing spacing, double radiusMm, int radialBasis, bool cutoff, Irreps irrepsSh)
    {
        var lattice = Offsets(spacing, HalfWidth, Frame);
        return (RadialBasis.SoftOneHotLinspace(lattice.norm(1), 0, radiusMm, radialBasis, RadialBasisKind.SmoothFinite, cutoff),
                SphericalHarmonics.Compute(irrepsSh, lattice, normalize: true));
    }

    /// <summary>The lmax of filters 1x0e+1x1e+...+1xLe, the only kind the published buffers exist for.</summary>
    private static int PublishedLmax(Irreps irrepsSh)
    {
        int lmax = irrepsSh.Max(b => b.Irrep.L);
        if (!irrepsSh.Equals(Irreps.SphericalHarmonics(lmax, p: 1)))
            throw new UserInputException($"published float32 lattice buffers: filters {irrepsSh} are not the published 1x0e+1x1e+...+1x{lmax}e");
        return lmax;
    }

    /// <summary>Physical offsets [N, 3] (float64) of the lattice, meshgrid "ij": R (t ∘ s) for t_a in [-n_a, n_a].</summary>
    public static Tensor Offsets(Spacing spacing, Shape3 halfWidth, KernelFrame? frame = null)
    {
        using var scope = NewDisposeScope();
        var axes = new Tensor[3];
        for (int a = 0; a < 3; a++)
            axes[a] = arange(KeptScalars.Of(-halfWidth[a]), KeptScalars.Of(halfWidth[a] + 1), KeptScalars.One, dtype: ScalarType.Float64) * KeptScalars.Of(spacing[a]);
        var grids = meshgrid(axes, indexing: "ij");
        var voxelOffsets = stack(grids, dim: -1).reshape(-1, 3);
        if (frame is not { } f || f == KernelFrame.Voxel) return voxelOffsets.MoveToOuterDisposeScope();
        // The radial part sees |R v| = |v|; only the harmonics turn.
        return f.Turn(voxelOffsets).MoveToOuterDisposeScope();
    }

    public void Dispose() => Basis.Dispose();
}
