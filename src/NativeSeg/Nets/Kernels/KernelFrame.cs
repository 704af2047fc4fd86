using NativeSeg.Imaging.Geometry;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// The directions (unit columns I, J, K) of the array axes in which a kernel's lattice offsets are expressed:
/// offset(t) = [I J K] (t ∘ s). <see cref="Voxel"/> is the identity; <see cref="Of"/> reads an image's affine.
/// Equality is by value, so realized kernels can be cached per (spacing, frame).
/// </summary>
public readonly record struct KernelFrame(Vec3 I, Vec3 J, Vec3 K)
{
    /// <summary>A direction matrix counts as axis-aligned when every entry is within this of 0 or ±1.</summary>
    public const double AxisAlignedTolerance = 1e-3;

    public static readonly KernelFrame Voxel = new(new(1, 0, 0), new(0, 1, 0), new(0, 0, 1));

    public Mat3 Matrix => Mat3.FromColumns(I, J, K);

    /// <summary>Offsets [N, 3] (voxel-axis components, one per row) turned into this frame: rows R v, i.e. V R^T.</summary>
    public Tensor Turn(Tensor offsets)
    {
        var m = Matrix;
        using var rotation = tensor(new double[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2] },
                                                     ScalarType.Float64).view(3, 3);
        using var transposed = rotation.t();
        return offsets.matmul(transposed);
    }

    /// <summary>False for a mirrored frame (determinant −1, e.g. LAS storage): the only frames an SO(3) net tells apart.</summary>
    public bool IsProper => Matrix.Determinant > 0;

    public bool IsAxisAligned
    {
        get
        {
            var m = Matrix;
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++)
                    if (Math.Min(Math.Abs(m[r, c]), Math.Abs(1 - Math.Abs(m[r, c]))) > AxisAlignedTolerance) return false;
            return true;
        }
    }

    /// <summary>The affine's direction cosines: columns scaled to unit length, then the nearest orthogonal matrix (shears dropped).</summary>
    public static KernelFrame Of(Affine affine)
    {
        var zooms = affine.ColumnNorms();
        if (!(zooms.X > 0 && zooms.Y > 0 && zooms.Z > 0))
            throw new UserInputException($"affine with a zero-length axis (voxel size {zooms}): no direction to realize kernels in");
        var r = Mat3.From((row, col) => affine[row, col] / zooms[col]).NearestRotation();
        return new(Round(r.Column(0)), Round(r.Column(1)), Round(r.Column(2)));
    }

    /// <summary>The frame a prediction uses: the one asked for, else world for an oblique affine and voxel otherwise.</summary>
    public static KernelFrame For(Affine affine, KernelGeometry? geometry)
    {
        var world = Of(affine);
        return geometry switch
        {
            KernelGeometry.Voxel => Voxel,
            KernelGeometry.World => world,
            _ => world.IsAxisAligned ? Voxel : world,
        };
    }

    // Float32 affines carry ~1e-8 noise; rounding keeps the cache key of one acquisition stable across files.
    private static Vec3 Round(Vec3 v) => new(Math.Round(v.X, 12), Math.Round(v.Y, 12), Math.Round(v.Z, 12));

    public override string ToString() => this == Voxel ? "voxel axes" : $"world (I {I}, J {J}, K {K})";
}
