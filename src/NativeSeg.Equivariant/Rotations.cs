using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>Rotation matrices acting on column vectors (x, y, z), and e3nn's Y-X-Y Euler angles.</summary>
public static class Rotations
{
    /// <summary>Rotation about the x axis by <paramref name="angle"/> radians.</summary>
    public static double[,] MatrixX(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new[,] { { 1, 0, 0 }, { 0, c, -s }, { 0, s, c } };
    }

    /// <summary>Rotation about the y axis by <paramref name="angle"/> radians.</summary>
    public static double[,] MatrixY(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new[,] { { c, 0, s }, { 0, 1, 0 }, { -s, 0, c } };
    }

    /// <summary>R = Ry(alpha) Rx(beta) Ry(gamma) (e3nn's angles_to_matrix).</summary>
    public static double[,] AnglesToMatrix(double alpha, double beta, double gamma) =>
        Multiply(Multiply(MatrixY(alpha), MatrixX(beta)), MatrixY(gamma));

    /// <summary>e3nn's matrix_to_angles for a proper rotation: alpha, beta from R e_y, gamma from what remains.</summary>
    public static (double Alpha, double Beta, double Gamma) MatrixToAngles(double[,] r)
    {
        double x = r[0, 1], y = r[1, 1], z = r[2, 1];
        double norm = Math.Max(Math.Sqrt(x * x + y * y + z * z), 1e-12);
        double beta = Math.Acos(Math.Clamp(y / norm, -1, 1));
        double alpha = Math.Atan2(x / norm, z / norm);
        var rest = Multiply(Transpose(AnglesToMatrix(alpha, beta, 0)), r);
        return (alpha, beta, Math.Atan2(rest[0, 2], rest[0, 0]));
    }

    /// <summary>A uniformly distributed rotation (normalized Gaussian quaternion).</summary>
    public static double[,] Random(System.Random random)
    {
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double w = Gauss(), x = Gauss(), y = Gauss(), z = Gauss();
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        (w, x, y, z) = (w / n, x / n, y / n, z / n);
        return new[,]
        {
            { 1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w) },
            { 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w) },
            { 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) },
        };
    }

    public static Tensor ToTensor(double[,] r, ScalarType dtype = ScalarType.Float64) =>
        torch.tensor(new[] { r[0, 0], r[0, 1], r[0, 2], r[1, 0], r[1, 1], r[1, 2], r[2, 0], r[2, 1], r[2, 2] }, new long[] { 3, 3 }, dtype: dtype);

    public static double[,] FromTensor(Tensor r)
    {
        if (!r.shape.SequenceEqual(new long[] { 3, 3 })) throw new ArgumentException($"rotation: expected a [3, 3] matrix, got [{string.Join(", ", r.shape)}]");
        var v = r.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return new[,] { { v[0], v[1], v[2] }, { v[3], v[4], v[5] }, { v[6], v[7], v[8] } };
    }

    public static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    c[i, j] += a[i, k] * b[k, j];
        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                t[i, j] = a[j, i];
        return t;
    }
}
