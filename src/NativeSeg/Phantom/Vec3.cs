namespace NativeSeg.Phantom;

/// <summary>A point or direction in millimetres (template or subject world space).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);
    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);
    public static double Dot(Vec3 a, Vec3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
    public static Vec3 Cross(Vec3 a, Vec3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
    public Vec3 Normalized() => this / Length;
    public double this[int axis] => axis switch { 0 => X, 1 => Y, 2 => Z, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
}

/// <summary>A 3x3 matrix, row-major.</summary>
public readonly struct Mat3
{
    private readonly double[] _m;

    public Mat3(double[] rowMajor9) => _m = rowMajor9;

    public double this[int r, int c] => _m[r * 3 + c];

    public static Mat3 Identity => new(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 });

    public static Mat3 Diagonal(double a, double b, double c) => new(new double[] { a, 0, 0, 0, b, 0, 0, 0, c });

    public static Mat3 FromColumns(Vec3 a, Vec3 b, Vec3 c) => new(new[] { a.X, b.X, c.X, a.Y, b.Y, c.Y, a.Z, b.Z, c.Z });

    public Vec3 Column(int c) => new(this[0, c], this[1, c], this[2, c]);

    public static Mat3 RotationX(double a) => new(new[] { 1, 0, 0, 0, Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a) });
    public static Mat3 RotationY(double a) => new(new[] { Math.Cos(a), 0, Math.Sin(a), 0, 1, 0, -Math.Sin(a), 0, Math.Cos(a) });
    public static Mat3 RotationZ(double a) => new(new[] { Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a), 0, 0, 0, 1 });

    public static Vec3 operator *(Mat3 m, Vec3 v) => new(
        m[0, 0] * v.X + m[0, 1] * v.Y + m[0, 2] * v.Z,
        m[1, 0] * v.X + m[1, 1] * v.Y + m[1, 2] * v.Z,
        m[2, 0] * v.X + m[2, 1] * v.Y + m[2, 2] * v.Z);

    public static Mat3 operator *(Mat3 a, Mat3 b)
    {
        var r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i * 3 + j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j] + a[i, 2] * b[2, j];
        return new Mat3(r);
    }

    public Mat3 Transposed() => new(new[] { this[0, 0], this[1, 0], this[2, 0], this[0, 1], this[1, 1], this[2, 1], this[0, 2], this[1, 2], this[2, 2] });

    public Mat3 Inverse()
    {
        var m = new double[3, 3];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[r, c] = this[r, c];
        var inv = NativeSeg.Imaging.Matrix3.Inverse(m);
        var flat = new double[9];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) flat[r * 3 + c] = inv[r, c];
        return new Mat3(flat);
    }
}
