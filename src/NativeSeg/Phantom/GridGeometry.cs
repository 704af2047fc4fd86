using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Phantom;

/// <summary>
/// A resolved output grid in subject world space (docs/design/phantom.md §4.2): directions R_g, spacing s, voxel counts n and
/// q₀ (voxel 0's centre in the rotated frame q = R_gᵀx). World(i,j,k) = R_g·(q₀ + s∘(i,j,k)); the NIfTI affine
/// is [R_g·diag(s) | R_g·q₀].
/// </summary>
public sealed record GridGeometry(Mat3 Directions, Spacing Spacing, Shape3 Shape, Vec3 Origin)
{
    public const double BrainMargin = 6;

    public Affine Affine
    {
        get
        {
            var r = Directions;
            var t = r * Origin;
            return new Affine(new[]
            {
                r[0, 0] * Spacing.X, r[0, 1] * Spacing.Y, r[0, 2] * Spacing.Z, t.X,
                r[1, 0] * Spacing.X, r[1, 1] * Spacing.Y, r[1, 2] * Spacing.Z, t.Y,
                r[2, 0] * Spacing.X, r[2, 1] * Spacing.Y, r[2, 2] * Spacing.Z, t.Z,
                0, 0, 0, 1,
            });
        }
    }

    /// <summary>Frame coordinate (q) of the centre of voxel index <paramref name="index"/> along <paramref name="axis"/>.</summary>
    public double Centre(int axis, double index) => Origin[axis] + Spacing[axis] * index;

    public Vec3 World(double i, double j, double k) => Directions * new Vec3(Centre(0, i), Centre(1, j), Centre(2, k));

    /// <summary>
    /// The grid for <paramref name="grid"/> on <paramref name="subject"/>: with a field of view, a box of that size centred on where
    /// the template focus (ventricle centroid) lands; otherwise the brain's box (template intracranial points mapped
    /// to the subject, projected on R_g) ± 6 mm.
    /// </summary>
    public static GridGeometry Resolve(PhantomSubject subject, AcquisitionGrid grid)
    {
        var r = grid.Directions;
        var rt = r.Transposed();
        var s = grid.Spacing;
        int[] n = new int[3];
        double[] centre = new double[3];
        if (grid.FieldOfViewMm is { } fov)
        {
            var focus = rt * subject.Geometry.Push(subject.Features.VentricleCentre);
            for (int a = 0; a < 3; a++)
            {
                var dir = r.Column(a);
                double extent = Math.Abs(dir.X) * fov.X + Math.Abs(dir.Y) * fov.Y + Math.Abs(dir.Z) * fov.Z;
                n[a] = Math.Max(1, (int)Math.Round(extent / s[a]));
                centre[a] = focus[a];
            }
        }
        else
        {
            var (min, max) = subject.BrainBox(r);
            for (int a = 0; a < 3; a++)
            {
                double extent = max[a] - min[a] + 2 * BrainMargin;
                n[a] = (int)Math.Ceiling(extent / s[a]) + 1;
                centre[a] = (min[a] + max[a]) / 2;
            }
        }
        var origin = new Vec3(centre[0] - (n[0] - 1) / 2.0 * s.X, centre[1] - (n[1] - 1) / 2.0 * s.Y, centre[2] - (n[2] - 1) / 2.0 * s.Z);
        return new GridGeometry(r, s, new Shape3(n[0], n[1], n[2]), origin);
    }
}
