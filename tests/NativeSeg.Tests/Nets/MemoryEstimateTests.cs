using NativeSeg.Imaging;
using NativeSeg.Nets;
using Xunit;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The memory lower bound reproduces the peak RSS measured for the paper-size nets (BENCHMARKS.md "Inference") and
/// refuses, in one line naming both sizes, a window the machine cannot hold.
/// </summary>
public class MemoryEstimateTests
{
    private const double Gib = 1024.0 * 1024 * 1024;
    private static readonly Shape3 Brain = new(182, 218, 182), Patch = new(120, 120, 120);

    [Theory]
    [InlineData(ModelKind.RaUNet, 182, 16.73)]
    [InlineData(ModelKind.RaUNet, 120, 4.41)]
    [InlineData(ModelKind.UNet, 182, 8.01)]
    [InlineData(ModelKind.UNet, 120, 2.08)]
    public void TheEstimateMatchesTheMeasuredPeaksWithinTenPercent(ModelKind kind, int size, double measuredGib)
    {
        var config = new ModelConfig { Kind = kind };   // the paper's sizes are the defaults
        double estimate = MemoryEstimate.InferenceBytes(config, size == 182 ? Brain : Patch, Spacing.Isotropic(1)) / Gib;
        Assert.InRange(estimate / measuredGib, 0.9, 1.1);
    }

    [Fact]
    public void FinerGridsAndWiderNetsNeedMoreAndTooMuchIsRefusedInOneLine()
    {
        var ra = new ModelConfig { Kind = ModelKind.RaUNet };
        double oneMm = MemoryEstimate.InferenceBytes(ra, Patch, Spacing.Isotropic(1));
        Assert.True(MemoryEstimate.InferenceBytes(ra with { IrrepsMultiplicity = 4 }, Patch, Spacing.Isotropic(1)) > 1.9 * oneMm - 0.6 * Gib);
        // 0.5 x 0.5 x 3 mm pools 4 x 4 x 1 at level 0: deeper levels hold fewer voxels than at 1 mm.
        Assert.True(MemoryEstimate.InferenceBytes(ra, Patch, new Spacing(0.5, 0.5, 3)) < oneMm);

        MemoryEstimate.RequireFits(ra, Patch, Spacing.Isotropic(1), "case.nii.gz", availableBytes: 8 * Gib);
        var e = Assert.Throws<InsufficientMemoryException>(() => MemoryEstimate.RequireFits(ra, Brain, Spacing.Isotropic(1), "case.nii.gz", availableBytes: 8 * Gib));
        Assert.Contains("case.nii.gz", e.Message);
        double brain = MemoryEstimate.InferenceBytes(ra, Brain, Spacing.Isotropic(1)) / Gib;
        Assert.InRange(brain, 16, 18.4);   // BENCHMARKS: 16.73 GiB peak
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"needs at least {brain:0.0} GiB"), e.Message);
        Assert.Contains("has 8.0 GiB available", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
