namespace NativeSeg.Tests.Support;

/// <summary>Rotation matrices computed without quaternions, to check the reader's quaternion math.</summary>
public static class RotationFixtures
{
    /// <summary>R = I + sinθ K + (1 − cosθ) K², K the cross-product matrix of the unit axis.</summary>
    public static double[,] Rodrigues(double[] axis, double angle)
    {
        double n = Math.Sqrt(axis.Sum(a => a * a));
        double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n;
        double[,] k = { { 0, -z, y }, { z, 0, -x }, { -y, x, 0 } };
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double k2 = 0;
                for (int m = 0; m < 3; m++) k2 += k[i, m] * k[m, j];
                r[i, j] = (i == j ? 1 : 0) + Math.Sin(angle) * k[i, j] + (1 - Math.Cos(angle)) * k2;
            }
        return r;
    }

    /// <summary>The NIfTI quaternion (b, c, d) of a rotation by θ about a unit axis: sin(θ/2)·axis (a = cos(θ/2) ≥ 0).</summary>
    public static (double B, double C, double D) Quaternion(double[] axis, double angle)
    {
        double n = Math.Sqrt(axis.Sum(a => a * a));
        double s = Math.Sin(angle / 2);
        return (s * axis[0] / n, s * axis[1] / n, s * axis[2] / n);
    }
}
