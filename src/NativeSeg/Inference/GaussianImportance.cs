using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Inference;

/// <summary>
/// nnU-Net's importance map for blending overlapping patches: a Gaussian with sigma = patch size / 8 per
/// axis, scaled so its maximum is 1, every value at least the smallest nonzero one (so no voxel of a patch
/// ever gets zero weight and the division by the summed weights is safe).
/// Deviation from nnU-Net, on purpose: the centre is the geometric centre (n − 1)/2 rather than n // 2, so
/// the map is symmetric for even sizes too (nnU-Net's is shifted half a voxel there).
/// </summary>
public static class GaussianImportance
{
    public const double SigmaScale = 1.0 / 8;

    /// <summary>Sigma in voxels along one axis of a patch with <paramref name="size"/> voxels.</summary>
    public static double Sigma(int size) => size * SigmaScale;

    /// <summary>w(i,j,k) = Π_d exp(−(i_d − c_d)² / (2σ_d²)) / max, c_d = (n_d − 1)/2, σ_d = n_d / 8; NIfTI order.</summary>
    public static float[] Map(Shape3 patch)
    {
        var axes = new double[3][];
        for (int d = 0; d < 3; d++)
        {
            int n = patch[d];
            double centre = 0.5 * (n - 1), sigma = Sigma(n);
            axes[d] = new double[n];
            for (int i = 0; i < n; i++) axes[d][i] = Math.Exp(-(i - centre) * (i - centre) / (2 * sigma * sigma));
            double max = axes[d].Max();
            for (int i = 0; i < n; i++) axes[d][i] /= max;
        }

        var map = new float[patch.Count];
        float minNonzero = float.MaxValue;
        for (int k = 0; k < patch.Z; k++)
            for (int j = 0; j < patch.Y; j++)
                for (int i = 0; i < patch.X; i++)
                {
                    float w = (float)(axes[0][i] * axes[1][j] * axes[2][k]);
                    map[patch.Index(i, j, k)] = w;
                    if (w > 0 && w < minNonzero) minNonzero = w;
                }
        for (long n = 0; n < map.LongLength; n++)
            if (map[n] < minNonzero) map[n] = minNonzero;
        return map;
    }
}
