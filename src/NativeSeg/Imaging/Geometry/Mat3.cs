namespace NativeSeg.Imaging.Geometry;

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

    /// <summary>The matrix with entries f(row, column).</summary>
    public static Mat3 From(Func<int, int, double> f)
    {
        var m = new double[9];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[r * 3 + c] = f(r, c);
        return new Mat3(m);
    }

    public double Determinant =>
        this[0, 0] * (this[1, 1] * this[2, 2] - this[1, 2] * this[2, 1])
        - this[0, 1] * (this[1, 0] * this[2, 2] - this[1, 2] * this[2, 0])
        + this[0, 2] * (this[1, 0] * this[2, 1] - this[1, 1] * this[2, 0]);

    public Mat3 Inverse()
    {
        double det = Determinant;
        if (det == 0 || !double.IsFinite(det)) throw new InvalidOperationException("singular 3x3 matrix");
        var m = this;
        // inv[i, j] = cofactor of m[j, i] / det (the transposed adjugate).
        return From((i, j) =>
        {
            int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
            return (m[r0, c0] * m[r1, c1] - m[r0, c1] * m[r1, c0]) / det;
        });
    }

    /// <summary>
    /// Orthogonal polar factor (the rotation nearest in Frobenius norm, = U·Vᵀ of the SVD) by Newton's
    /// iteration R ← (R + R⁻ᵀ)/2; a singular input is returned unchanged.
    /// </summary>
    public Mat3 NearestRotation()
    {
        var r = this;
        if (Math.Abs(r.Determinant) < 1e-12) return r;
        for (int iter = 0; iter < 50; iter++)
        {
            var inv = r.Inverse();
            var current = r;
            var next = From((i, j) => 0.5 * (current[i, j] + inv[j, i]));
            double change = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    change = Math.Max(change, Math.Abs(next[i, j] - r[i, j]));
            r = next;
            if (change < 1e-15) break;
        }
        return r;
    }
}
