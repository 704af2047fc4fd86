namespace NativeSeg.Imaging;

/// <summary>The few 3x3 operations the geometry code needs.</summary>
internal static class Matrix3
{
    public static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    public static double[,] Inverse(double[,] m)
    {
        double det = Determinant(m);
        if (det == 0 || !double.IsFinite(det)) throw new InvalidOperationException("singular 3x3 matrix");
        var inv = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                // Cofactor of m[j,i] (transposed adjugate).
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                inv[i, j] = (m[r0, c0] * m[r1, c1] - m[r0, c1] * m[r1, c0]) / det;
            }
        return inv;
    }

    /// <summary>
    /// Orthogonal polar factor (the rotation nearest in Frobenius norm, = U·Vᵀ of the SVD) by Newton's
    /// iteration R ← (R + R⁻ᵀ)/2; a singular input is returned unchanged.
    /// </summary>
    public static double[,] NearestRotation(double[,] m)
    {
        var r = (double[,])m.Clone();
        if (Math.Abs(Determinant(r)) < 1e-12) return r;
        for (int iter = 0; iter < 50; iter++)
        {
            var inv = Inverse(r);
            double change = 0;
            var next = new double[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    next[i, j] = 0.5 * (r[i, j] + inv[j, i]);
                    change = Math.Max(change, Math.Abs(next[i, j] - r[i, j]));
                }
            r = next;
            if (change < 1e-15) break;
        }
        return r;
    }
}
