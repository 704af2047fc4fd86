namespace NativeSeg.Phantom;

/// <summary>
/// Per-subject FLAIR-like intensities as ratios to white matter (docs/design/phantom.md §3.2, §3.3, §3.6, §3.7): grey matter,
/// CSF, the subject's mean lesion contrast, scanner gain, amplitudes of the normal-appearing bright features
/// (ependymal rim, frontal/occipital caps, texture), bias-field strength and the base noise level n₀.
/// Deviation from the design: the subject lesion mean is U(1.65, 1.95) (design 1.3–1.9; the signal equation gives 1.78) and the per-lesion factor
/// U(0.9, 1.1) (design 0.85–1.15), so that lesions stay clearly brighter than white matter (mean over the truth
/// > 1.4× white matter, the project's requirement) even in thick 2D slices, where partial volume brings the mean
/// over the truth down to about 0.88× the lesion contrast (measured: 1.65–1.78 for a subject with mean 1.87).
/// </summary>
public sealed record FlairContrast(
    double Grey, double Csf, double LesionMean, double Gain,
    double Rim, double Caps, double Texture, double BiasStd, double NoiseBase)
{
    public const double White = 1.0;

    public static FlairContrast Sample(PhantomRandom rng) => new(
        Grey: rng.Uniform(1.10, 1.35),
        Csf: rng.Uniform(0.05, 0.30),
        LesionMean: rng.Uniform(1.65, 1.95),
        Gain: rng.Uniform(300, 1500),
        Rim: rng.Uniform(0.10, 0.35),
        Caps: rng.Uniform(0.05, 0.25),
        Texture: rng.Uniform(0.01, 0.03),
        BiasStd: rng.Uniform(0.03, 0.10),
        NoiseBase: rng.Uniform(0.02, 0.05));

    /// <summary>Relative noise σ for a voxel of in-plane spacing s₁, s₂ and thickness T (docs/design/phantom.md §3.7): clip(n₀·(1 mm³/V)^½, 0.01, 0.10).</summary>
    public double NoiseFor(double s1, double s2, double thickness) =>
        Math.Clamp(NoiseBase / Math.Sqrt(s1 * s2 * thickness), 0.01, 0.10);
}
