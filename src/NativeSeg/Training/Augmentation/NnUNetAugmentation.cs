namespace NativeSeg.Training.Augmentation;

/// <summary>A closed range [Min, Max] that a transform draws its parameter from.</summary>
public readonly record struct Range(double Min, double Max)
{
    public double Draw(SeededRandom random) => Min + random.NextDouble() * (Max - Min);

    /// <summary>
    /// nnU-Net's BGContrast draw for a range around 1: half the time below 1, half above, each uniform, so shrinking
    /// and stretching are equally likely although 0.75-1 is shorter than 1-1.4.
    /// </summary>
    public double DrawAroundOne(SeededRandom random) => random.NextDouble() < 0.5 && Min < 1
        ? Min + random.NextDouble() * (1 - Min)
        : Math.Max(Min, 1) + random.NextDouble() * (Max - Math.Max(Min, 1));
}

/// <summary>
/// nnU-Net v2's default training transforms and their parameters, as nnUNetTrainer.get_training_transforms sets them
/// (batchgeneratorsv2): each entry is the probability that a patch gets the transform and the range its strength is
/// drawn from. Every default of the augmentation lives here.
/// </summary>
public sealed record NnUNetAugmentation
{
    /// <summary>Rotation about each axis, degrees; a patch is rotated with this probability.</summary>
    public double RotationP { get; init; } = 0.2;
    public double RotationDegrees { get; init; } = 30;
    /// <summary>On an anisotropic grid (<see cref="AnisotropyRatio"/>) rotation is in-plane only, about the thick axis, up to this.</summary>
    public double InPlaneRotationDegrees { get; init; } = 180;
    /// <summary>nnU-Net's ANISO_THRESHOLD: coarsest over finest spacing above this turns on its 2D-style augmentation.</summary>
    public double AnisotropyRatio { get; init; } = 3;
    /// <summary>Scaling of the sampling coordinates (one factor for all axes): above 1 zooms out.</summary>
    public double ScalingP { get; init; } = 0.2;
    public Range Scaling { get; init; } = new(0.7, 1.4);
    /// <summary>Additive Gaussian noise whose variance is drawn from the range.</summary>
    public double NoiseP { get; init; } = 0.1;
    public Range NoiseVariance { get; init; } = new(0, 0.1);
    /// <summary>Gaussian blur, σ in voxels drawn per axis; applied to a channel with <see cref="BlurPerChannelP"/>.</summary>
    public double BlurP { get; init; } = 0.2;
    public Range BlurSigmaVoxels { get; init; } = new(0.5, 1);
    public double BlurPerChannelP { get; init; } = 0.5;
    public double BrightnessP { get; init; } = 0.15;
    public Range Brightness { get; init; } = new(0.75, 1.25);
    /// <summary>Contrast about the patch mean, the result clipped to the patch's range before.</summary>
    public double ContrastP { get; init; } = 0.15;
    public Range Contrast { get; init; } = new(0.75, 1.25);
    /// <summary>Down-sample by a zoom drawn from the range (nearest), up again (linear); per channel with <see cref="LowResolutionPerChannelP"/>.</summary>
    public double LowResolutionP { get; init; } = 0.25;
    public Range LowResolutionZoom { get; init; } = new(0.5, 1);
    public double LowResolutionPerChannelP { get; init; } = 0.5;
    /// <summary>Gamma on the inverted image, then gamma on the image, both keeping the mean and standard deviation.</summary>
    public double InvertedGammaP { get; init; } = 0.1;
    public double GammaP { get; init; } = 0.3;
    public Range Gamma { get; init; } = new(0.7, 1.5);
    /// <summary>Mirroring along each axis independently.</summary>
    public double MirrorP { get; init; } = 0.5;

    public static NnUNetAugmentation Default { get; } = new();

    /// <summary>The transforms of <paramref name="scheme"/> (null: none).</summary>
    public static NnUNetAugmentation? For(AugmentationScheme scheme) => scheme switch
    {
        AugmentationScheme.NnUNet => Default,
        AugmentationScheme.NnUNetNoRotation => Default with { RotationP = 0 },
        _ => null,
    };
}
