using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// The pull-back map y(x) sampled on a coarse node grid (2 mm) in a grid's rotated frame q and interpolated
/// trilinearly (docs/design/phantom.md §4.3): a lattice point then costs a few multiply-adds instead of 3×64 B-spline taps.
/// The map is smooth (B-spline with 20 mm control spacing), so the interpolation error is far below 0.01 mm.
/// </summary>
public sealed class DeformationField
{
    public const double NodeStep = 2.0;
    private readonly double[] _start = new double[3];
    private readonly int[] _count = new int[3];
    private readonly double[] _y; // [node][3]

    public DeformationField(SubjectGeometry geometry, Mat3 directions, double[] lo, double[] hi)
    {
        for (int a = 0; a < 3; a++)
        {
            _start[a] = lo[a] - NodeStep;
            _count[a] = (int)Math.Ceiling((hi[a] - lo[a] + 2 * NodeStep) / NodeStep) + 1;
        }
        _y = new double[3L * _count[0] * _count[1] * _count[2]];
        Parallel.For(0, _count[2], k =>
        {
            for (int j = 0; j < _count[1]; j++)
                for (int i = 0; i < _count[0]; i++)
                {
                    var q = new Vec3(_start[0] + i * NodeStep, _start[1] + j * NodeStep, _start[2] + k * NodeStep);
                    var y = geometry.Pull(directions * q);
                    long n = 3L * (i + _count[0] * ((long)j + _count[1] * k));
                    _y[n] = y.X; _y[n + 1] = y.Y; _y[n + 2] = y.Z;
                }
        });
    }

    /// <summary>A field covering every lattice point of the given axes.</summary>
    public static DeformationField Covering(SubjectGeometry geometry, Mat3 directions, PsfAxis[] axes)
    {
        var lo = new double[3];
        var hi = new double[3];
        for (int a = 0; a < 3; a++) { lo[a] = axes[a].Position(0); hi[a] = axes[a].Position(axes[a].Count - 1); }
        return new DeformationField(geometry, directions, lo, hi);
    }

    /// <summary>y at any frame point q (trilinear in all three axes).</summary>
    public Vec3 At(Vec3 q)
    {
        var (i, fi) = Locate(0, q.X);
        var (j, fj) = Locate(1, q.Y);
        var (k, fk) = Locate(2, q.Z);
        double x = 0, y = 0, z = 0;
        for (int c = 0; c < 8; c++)
        {
            int a = c & 1, b = (c >> 1) & 1, d = c >> 2;
            double w = (a == 1 ? fi : 1 - fi) * (b == 1 ? fj : 1 - fj) * (d == 1 ? fk : 1 - fk);
            long n = 3L * (i + a + _count[0] * ((long)(j + b) + _count[1] * (k + d)));
            x += w * _y[n]; y += w * _y[n + 1]; z += w * _y[n + 2];
        }
        return new Vec3(x, y, z);
    }

    /// <summary>The field on one plane q₃ = <paramref name="q3"/>: [i + G₁·j][3].</summary>
    public double[] Slab(double q3)
    {
        var (k, f) = Locate(2, q3);
        int plane = _count[0] * _count[1];
        var slab = new double[3 * plane];
        long a = 3L * plane * k, b = 3L * plane * (k + 1);
        for (int n = 0; n < 3 * plane; n++) slab[n] = (1 - f) * _y[a + n] + f * _y[b + n];
        return slab;
    }

    /// <summary>One row q₂ = <paramref name="q2"/> of a slab: [i][3].</summary>
    public double[] Row(double[] slab, double q2)
    {
        var (j, f) = Locate(1, q2);
        int len = 3 * _count[0];
        var row = new double[len];
        int a = len * j, b = len * (j + 1);
        for (int n = 0; n < len; n++) row[n] = (1 - f) * slab[a + n] + f * slab[b + n];
        return row;
    }

    /// <summary>y at q₁ = <paramref name="q1"/> along a row.</summary>
    public Vec3 At(double[] row, double q1)
    {
        var (i, f) = Locate(0, q1);
        int a = 3 * i, b = a + 3;
        return new Vec3((1 - f) * row[a] + f * row[b], (1 - f) * row[a + 1] + f * row[b + 1], (1 - f) * row[a + 2] + f * row[b + 2]);
    }

    private (int Index, double Fraction) Locate(int axis, double q)
    {
        double t = (q - _start[axis]) / NodeStep;
        int i = Math.Clamp((int)Math.Floor(t), 0, _count[axis] - 2);
        return (i, t - i);
    }
}
