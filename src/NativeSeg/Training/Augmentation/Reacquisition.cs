using NativeSeg.Imaging.Geometry;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// Re-acquires an image and its label on another grid by the physics the phantom uses (docs/design/phantom.md §4-6):
/// <list type="bullet">
/// <item>a slice axis of 2 mm or more is acquired as 2D slices: its profile is a box of the slice thickness with Gaussian
/// edges (σₑ = 0.1 T), the partial volume of a thick slice; every other axis gets a Gaussian PSF of FWHM α x spacing
/// (α the acquisition's PSF factor, 1.0-1.3; x2 in-plane for a zero-filled 2D acquisition at 0.5 mm or finer), less the
/// source's own blur (FWHM <see cref="SourceFwhmVoxels"/> source voxels), read through cubic interpolation of the source;</item>
/// <item>white Gaussian noise is added so that the noise matches the new voxel volume V: σ² ∝ 1/V, as the phantom's
/// σ = n₀ (1 mm³ / V)^½, minus what the map leaves of the source's own noise;</item>
/// <item>the truth is the label's partial-volume fraction over each voxel's footprint (spacing in-plane, thickness
/// along the slice), then f &gt; 0.5 inside the brain: the phantom's truth rule;</item>
/// <item>the brain mask (non-zero voxels) is carried the same way, and the image is zero outside it, as the
/// brain-extracted source was.</item>
/// </list>
/// </summary>
public static class Reacquisition
{
    /// <summary>The source's own resolution, FWHM in source voxels: the phantom's mean PSF factor.</summary>
    public const double SourceFwhmVoxels = 1.15;

    /// <summary>The phantom's rule: a slice spacing of this or more is a 2D acquisition.</summary>
    public const double TwoDimensionalSliceMm = 2;

    /// <summary>An acquisition's random draws: the PSF factor α and the noise's seed.</summary>
    public sealed record Draw(double PsfFactor, long NoiseSeed)
    {
        public static Draw From(SeededRandom random) => new(1.0 + 0.3 * random.NextDouble(), (long)(random.NextULong() >> 1));
    }

    /// <summary>The image and 0/1 label ([X, Y, Z] float32 source tensors) acquired on <paramref name="target"/>.</summary>
    public static (Tensor Image, Tensor Label) Acquire(Tensor image, Tensor label, Spacing source, IReadOnlyList<TargetAxis> target, Draw draw)
    {
        using var scope = NewDisposeScope();
        var spacing = target.Select(a => a.Spacing(source)).ToArray();
        int slice = Enumerable.Range(0, 3).MaxBy(a => spacing[a]);
        bool twoD = spacing[slice] >= TwoDimensionalSliceMm;
        bool zeroFilled = twoD && Enumerable.Range(0, 3).Where(a => a != slice).All(a => spacing[a] <= 0.5 + 1e-9);
        var imageWeights = new float[3][];
        var footprintWeights = new float[3][];
        for (int a = 0; a < 3; a++)
        {
            var t = target[a];
            int n = (int)image.shape[t.SourceAxis];
            double s = source[t.SourceAxis];
            var profile = twoD && a == slice
                ? AxisProfile.Box(spacing[a], 0.1 * spacing[a])
                : Blur(draw.PsfFactor * (zeroFilled ? 2 : 1) * spacing[a], SourceFwhmVoxels * s, s);
            imageWeights[a] = AxisWeights.Build(profile, SourceKernel.Cubic, t.Count, t.First, t.Step, n, s);
            footprintWeights[a] = AxisWeights.Build(AxisProfile.Box(spacing[a]), SourceKernel.Linear, t.Count, t.First, t.Step, n, s);
        }
        var brain = SeparableMap.Apply(image.ne(KeptScalars.Of(0)).to(float32), target, footprintWeights).ge(KeptScalars.Of(0.5));
        var truth = SeparableMap.Apply(label, target, footprintWeights).gt(KeptScalars.Of(0.5)).logical_and(brain);
        var acquired = SeparableMap.Apply(image, target, imageWeights);

        double sigma = NoiseLevel.Estimate(image);
        double left = Enumerable.Range(0, 3).Aggregate(1.0, (p, a) => p * SeparableMap.NoiseVarianceFactor(imageWeights[a], target[a].Count, target[a].Count / 2));
        double volumeRatio = source.X * source.Y * source.Z / (spacing[0] * spacing[1] * spacing[2]);
        double added = sigma * Math.Sqrt(Math.Max(0, volumeRatio - left));
        if (added > 0)
        {
            using var generator = new TorchSharp.torch.Generator((ulong)draw.NoiseSeed);
            acquired.PlusInPlace(randn(acquired.shape, generator: generator).mul_(tensor(added)));
        }
        acquired = acquired.where(brain, zeros_like(acquired));
        return (acquired.MoveToOuterDisposeScope(), truth.to(float32).MoveToOuterDisposeScope());
    }

    /// <summary>A Gaussian of <paramref name="fwhm"/> on a source already blurred by <paramref name="sourceFwhm"/>: what is left to add, or none.</summary>
    private static AxisProfile Blur(double fwhm, double sourceFwhm, double sourceSpacing)
    {
        double remaining = Math.Sqrt(Math.Max(0, fwhm * fwhm - sourceFwhm * sourceFwhm));
        return remaining / AxisProfile.FwhmPerSigma < sourceSpacing / 8 ? AxisProfile.Point : AxisProfile.Gaussian(remaining);
    }
}
