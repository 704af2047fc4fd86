namespace NativeSeg.Phantom;

/// <summary>
/// The multiplicative modifier of normal-appearing tissue on the 1 mm template grid (design §3.3):
/// mod = 1 + a_rim·rim + a_caps·caps + a_tex·tex, tex = white noise smoothed by a σ = 2 mm Gaussian, unit std.
/// These bright features are false-positive bait: never part of the truth.
/// </summary>
public static class NormalAppearance
{
    private const double TextureSigma = 2.0;

    public static float[] Build(AnatomyFeatures features, FlairContrast contrast, PhantomRandom rng)
    {
        var model = features.Model;
        var s = model.CoarseShape;
        var tex = new float[s.Count];
        for (long n = 0; n < tex.Length; n++) tex[n] = (float)rng.Normal();
        int radius = (int)Math.Ceiling(3 * TextureSigma);
        var kernel = new float[2 * radius + 1];
        double sumSq = 0;
        for (int d = -radius; d <= radius; d++) kernel[d + radius] = (float)Math.Exp(-d * d / (2 * TextureSigma * TextureSigma));
        foreach (var w in kernel) sumSq += w * w;
        for (int axis = 0; axis < 3; axis++) tex = Smooth(tex, s, axis, kernel);
        // Smoothed unit white noise has variance Σw² per axis; divide it out exactly.
        float norm = (float)(1 / Math.Pow(sumSq, 1.5));
        var mod = new float[s.Count];
        for (long n = 0; n < mod.Length; n++)
            mod[n] = (float)(1 + contrast.Rim * features.Rim[n] + contrast.Caps * features.Caps[n] + contrast.Texture * tex[n] * norm);
        return mod;
    }

    private static float[] Smooth(float[] src, NativeSeg.Imaging.Shape3 s, int axis, float[] kernel)
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
