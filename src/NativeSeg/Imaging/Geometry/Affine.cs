namespace NativeSeg.Imaging.Geometry;

/// <summary>4x4 voxel-to-world matrix (RAS millimetres, NIfTI convention), row-major.</summary>
public sealed class Affine
{
    private readonly double[] _m;

    public Affine(double[] rowMajor16)
    {
        if (rowMajor16.Length != 16) throw new ArgumentException("an affine has 16 entries");
        _m = (double[])rowMajor16.Clone();
    }

    public double this[int row, int col] => _m[row * 4 + col];

    /// <summary>The linear 3x3 part (direction cosines times spacing).</summary>
    public Mat3 Linear => Mat3.From((r, c) => this[r, c]);

    public double[] ToRowMajor() => (double[])_m.Clone();

    public static Affine Diagonal(Spacing s) =>
        new(new[] { s.X, 0, 0, 0, 0, s.Y, 0, 0, 0, 0, s.Z, 0, 0, 0, 0, 1.0 });

    /// <summary>World coordinates (mm) of a (possibly fractional) voxel index.</summary>
    public (double X, double Y, double Z) Apply(double i, double j, double k) => (
        _m[0] * i + _m[1] * j + _m[2] * k + _m[3],
        _m[4] * i + _m[5] * j + _m[6] * k + _m[7],
        _m[8] * i + _m[9] * j + _m[10] * k + _m[11]);

    /// <summary>Length of each column of the 3x3 part: the voxel spacing the affine implies.</summary>
    public Spacing ColumnNorms() => new(
        Math.Sqrt(_m[0] * _m[0] + _m[4] * _m[4] + _m[8] * _m[8]),
        Math.Sqrt(_m[1] * _m[1] + _m[5] * _m[5] + _m[9] * _m[9]),
        Math.Sqrt(_m[2] * _m[2] + _m[6] * _m[6] + _m[10] * _m[10]));

    public double MaxAbsDifference(Affine other) => _m.Zip(other._m, (a, b) => Math.Abs(a - b)).Max();
}
