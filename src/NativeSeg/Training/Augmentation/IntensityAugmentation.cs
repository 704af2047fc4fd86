using NativeSeg.Imaging.Geometry;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// nnU-Net's intensity transforms, in its order, on one [X, Y, Z] image patch (<see cref="NnUNetAugmentation"/> holds
/// the probabilities and ranges): Gaussian noise, Gaussian blur, multiplicative brightness, contrast, simulated low
/// resolution, gamma of the inverted image, gamma. Each is a handful of tensor operations on the patch. Per-patch values
/// enter libtorch as 0-dim tensors, never as temporary Scalars (<see cref="KeptScalars"/> says why).
/// </summary>
public static class IntensityAugmentation
{
    public static Tensor Apply(Tensor x, Spacing spacing, NnUNetAugmentation p, SeededRandom random)
    {
        using var scope = NewDisposeScope();
        if (random.NextDouble() < p.NoiseP)
        {
            double sd = Math.Sqrt(p.NoiseVariance.Draw(random));
            using var generator = new Generator((ulong)(random.NextULong() >> 1));
            x = x.Plus(randn(x.shape, generator: generator) * tensor(sd));
        }
        if (random.NextDouble() < p.BlurP && random.NextDouble() < p.BlurPerChannelP)
            x = Blur(x, [p.BlurSigmaVoxels.Draw(random), p.BlurSigmaVoxels.Draw(random), p.BlurSigmaVoxels.Draw(random)]);
        if (random.NextDouble() < p.BrightnessP)
            x = x * tensor(p.Brightness.DrawAroundOne(random));
        if (random.NextDouble() < p.ContrastP)
        {
            var mean = x.mean();
            var (min, max) = (x.min(), x.max());
            x = ((x - mean) * tensor(p.Contrast.DrawAroundOne(random))).Plus(mean).clamp(min, max);
        }
        if (random.NextDouble() < p.LowResolutionP && random.NextDouble() < p.LowResolutionPerChannelP)
            x = LowResolution(x, spacing, p, p.LowResolutionZoom.Draw(random));
        if (random.NextDouble() < p.InvertedGammaP)
            x = -Gamma(-x, p.Gamma.DrawAroundOne(random));
        if (random.NextDouble() < p.GammaP)
            x = Gamma(x, p.Gamma.DrawAroundOne(random));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Separable Gaussian of σ voxels per axis (zero beyond the patch).</summary>
    public static Tensor Blur(Tensor x, double[] sigmaVoxels)
    {
        var axes = Enumerable.Range(0, 3).Select(a => new TargetAxis(a, 0, 1, (int)x.shape[a])).ToArray();
        var weights = axes.Select(a => AxisWeights.Build(AxisProfile.Gaussian(sigmaVoxels[a.SourceAxis] * AxisProfile.FwhmPerSigma), SourceKernel.Linear, a.Count, 0, 1, a.Count, 1)).ToArray();
        return SeparableMap.Apply(x, axes, weights);
    }

    /// <summary>
    /// Down-sampled by <paramref name="zoom"/> with nearest neighbours and back up linearly; the thick axis of an
    /// anisotropic grid keeps its resolution (nnU-Net's ignore_axes for its 2D-style augmentation).
    /// </summary>
    public static Tensor LowResolution(Tensor x, Spacing spacing, NnUNetAugmentation p, double zoom)
    {
        using var scope = NewDisposeScope();
        double coarsest = Math.Max(spacing.X, Math.Max(spacing.Y, spacing.Z)), finest = Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z));
        int thick = coarsest / finest > p.AnisotropyRatio ? Enumerable.Range(0, 3).MaxBy(a => spacing[a]) : -1;
        var shape = x.shape;
        var small = Enumerable.Range(0, 3).Select(a => a == thick ? shape[a] : Math.Max(1, (long)Math.Round(shape[a] * zoom))).ToArray();
        var batch = x.reshape(1, 1, shape[0], shape[1], shape[2]);
        var down = nn.functional.interpolate(batch, small, mode: InterpolationMode.Nearest);
        var up = nn.functional.interpolate(down, [shape[0], shape[1], shape[2]], mode: InterpolationMode.Trilinear, align_corners: false);
        return up.reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>((x − min) / range)^γ · range + min, then the patch's mean and standard deviation restored.</summary>
    public static Tensor Gamma(Tensor x, double gamma)
    {
        using var scope = NewDisposeScope();
        var (mean, sd) = (x.mean(), x.std());
        var min = x.min();
        var range = (x.max() - min).Plus(tensor(1e-7f));
        var y = (((x - min) / range).pow(tensor(gamma)) * range).Plus(min);
        y = ((y - y.mean()) / y.std().Plus(tensor(1e-8f)) * sd).Plus(mean);
        return y.MoveToOuterDisposeScope();
    }
}
