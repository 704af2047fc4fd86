using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Nifti;

/// <summary>
/// The NIfTI qform: a rotation stored as the quaternion (b, c, d) with a = sqrt(1 - b² - c² - d²), a
/// handedness flag qfac (pixdim[0]) and voxel sizes, as in nifti1_io.c (quatern_to_mat44 / mat44_to_quatern).
/// </summary>
public static class QuaternionAffine
{
    /// <summary>Voxel-to-world matrix R·diag(dx, dy, qfac·dz) + offset, row-major 4x4.</summary>
    public static Affine ToAffine(double b, double c, double d, double qx, double qy, double qz,
                                  double dx, double dy, double dz, double qfac)
    {
        double a2 = 1.0 - (b * b + c * c + d * d);
        double a;
        if (a2 < 1e-7)
        {
            // Rounding pushed |(b,c,d)| to (or past) 1: a 180-degree rotation; renormalise as nifti1_io does.
            double n = Math.Sqrt(b * b + c * c + d * d);
            b /= n; c /= n; d /= n; a = 0;
        }
        else a = Math.Sqrt(a2);

        double q = qfac < 0 ? -1 : 1;
        double[,] r =
        {
            { a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
            { 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
            { 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b },
        };
        double[] scale = { dx, dy, q * dz };
        double[] offset = { qx, qy, qz };
        var m = new double[16];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++) m[row * 4 + col] = r[row, col] * scale[col];
            m[row * 4 + 3] = offset[row];
        }
        m[15] = 1;
        return new Affine(m);
    }

    /// <summary>
    /// Quaternion, offsets, voxel sizes and qfac that best represent <paramref name="affine"/> (shear is lost:
    /// the 3x3 part is replaced by its nearest rotation, as the qform cannot hold it; the sform keeps it).
    /// </summary>
    public static (double B, double C, double D, double Qx, double Qy, double Qz, double Dx, double Dy, double Dz, double Qfac)
        FromAffine(Affine affine)
    {
        var zooms = affine.ColumnNorms();
        double[] dz = zooms.ToArray();
        var m = Mat3.From((row, col) => affine[row, col] / (dz[col] == 0 ? 1 : dz[col]));

        double qfac = 1;
        if (m.Determinant < 0)
        {
            qfac = -1;
            m = m * Mat3.Diagonal(1, 1, -1);   // flip the third column
        }
        var r = m.NearestRotation();

        double r11 = r[0, 0], r12 = r[0, 1], r13 = r[0, 2];
        double r21 = r[1, 0], r22 = r[1, 1], r23 = r[1, 2];
        double r31 = r[2, 0], r32 = r[2, 1], r33 = r[2, 2];
        double a = r11 + r22 + r33 + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            double xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) { b = -b; c = -c; d = -d; }
        }
        return (b, c, d, affine[0, 3], affine[1, 3], affine[2, 3], dz[0], dz[1], dz[2], qfac);
    }
}
