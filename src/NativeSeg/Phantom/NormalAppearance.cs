namespace NativeSeg.Phantom;

/// <summary>
/// The multiplicative modifier of normal-appearing tissue on the 1 mm template grid (docs/design/phantom.md §3.3):
/// mod = 1 + a_rim·rim + a_caps·caps + a_tex·tex. The texture is white noise on a 2 mm lattice smoothed by a
/// Gaussian of σ = 2 mm (one node), scaled to unit std and interpolated trilinearly to the 1 mm grid: 8× fewer
/// random draws than the design's 1 mm noise, with the same correlation length. These bright features are
/// false-positive bait: never part of the truth.
/// </summary>
public static class NormalAppearance
{
    private const int NodeStride = 2;
    private const double SigmaNodes = 1.0;

    public static float[] Build(AnatomyFeatures features, FlairContrast contrast, PhantomRandom rng)
    {
        var s = features.Model.CoarseShape;
        var nodes = new NativeSeg.Imaging.Geometry.Shape3(s.X / NodeStride + 2, s.Y / NodeStride + 2, s.Z / NodeStride + 2);
        var tex = new float[nodes.Count];
        for (long n = 0; n < tex.Length; n++) tex[n] = (float)rng.Normal();
        int radius = (int)Math.Ceiling(3 * SigmaNodes);
        var kernel = new float[2 * radius + 1];
        double sumSq = 0;
        for (int d = -radius; d <= radius; d++) kernel[d + radius] = (float)Math.Exp(-d * d / (2 * SigmaNodes * SigmaNodes));
        foreach (var w in kernel) sumSq += w * w;
        for (int axis = 0; axis < 3; axis++) tex = Smooth(tex, nodes, axis, kernel);
        // Smoothed unit white noise has variance Σw² per axis; divide it out exactly.
        float norm = (float)(1 / Math.Pow(sumSq, 1.5));
        var mod = new float[s.Count];
        Parallel.For(0, s.Z, k =>
        {
            int k0 = k / NodeStride; float fk = (k % NodeStride) / (float)NodeStride;
            for (int j = 0; j < s.Y; j++)
            {
                int j0 = j / NodeStride; float fj = (j % NodeStride) / (float)NodeStride;
                for (int i = 0; i < s.X; i++)
                {
                    int i0 = i / NodeStride; float fi = (i % NodeStride) / (float)NodeStride;
                    float t = 0;
                    for (int c = 0; c < 8; c++)
                    {
                        int a = c & 1, b = (c >> 1) & 1, d = c >> 2;
                        float w = (a == 1 ? fi : 1 - fi) * (b == 1 ? fj : 1 - fj) * (d == 1 ? fk : 1 - fk);
                        if (w != 0) t += w * tex[nodes.Index(i0 + a, j0 + b, k0 + d)];
                    }
                    long n = s.Index(i, j, k);
                    mod[n] = (float)(1 + contrast.Rim * features.Rim[n] + contrast.Caps * features.Caps[n] + contrast.Texture * t * norm);
                }
            }
        });
        return mod;
    }

    private static float[] Smooth(float[] src, NativeSeg.Imaging.Geometry.Shape3 s, int axis, float[] kernel)
    {
        var dst = new float[src.Length];
        int radius = kernel.Length / 2;
        long stride = axis == 0 ? 1 : axis == 1 ? s.X : (long)s.X * s.Y;
        int len = s[axis];
        Parallel.For(0, s.Z, k =>
        {
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                {
                    int pos = axis == 0 ? i : axis == 1 ? j : k;
                    long n = s.Index(i, j, k);
                    double acc = 0;
                    for (int d = -radius; d <= radius; d++)
                    {
                        int q = pos + d;
                        if (q < 0 || q >= len) continue;
                        acc += kernel[d + radius] * src[n + d * stride];
                    }
                    dst[n] = (float)acc;
                }
        });
        return dst;
    }
}
