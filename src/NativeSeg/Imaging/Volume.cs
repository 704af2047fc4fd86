using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging;

/// <summary>
/// A 3D image: float voxels in NIfTI array order (i fastest), its spacing and its voxel-to-world affine.
/// Geometry is immutable; <see cref="WithVoxels"/> makes a sibling on the same grid (masks, probabilities).
/// </summary>
public sealed class Volume
{
    public Volume(Shape3 shape, float[] voxels, Spacing spacing, Affine affine)
    {
        if (voxels.LongLength != shape.Count)
            throw new ArgumentException($"{voxels.LongLength} voxels do not fill a {shape} grid");
        Shape = shape;
        Voxels = voxels;
        Spacing = spacing;
        Affine = affine;
    }

    public Shape3 Shape { get; }
    public float[] Voxels { get; }
    public Spacing Spacing { get; }
    public Affine Affine { get; }

    public float this[int i, int j, int k]
    {
        get => Voxels[Shape.Index(i, j, k)];
        set => Voxels[Shape.Index(i, j, k)] = value;
    }

    public Volume WithVoxels(float[] voxels) => new(Shape, voxels, Spacing, Affine) { Header = Header };

    /// <summary>
    /// The file header this volume was read from (or null): writers copy its geometry fields
    /// (qform/sform codes and parameters, pixdim, units) so outputs match their input exactly.
    /// </summary>
    public object? Header { get; init; }
}
