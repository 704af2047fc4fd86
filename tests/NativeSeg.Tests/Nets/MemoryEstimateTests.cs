using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The memory estimate bounds, closely, the peak RSS measured for the paper-size nets (BENCHMARKS.md "Memory estimate")
/// and refuses, in one line naming both sizes, a window the machine cannot hold.
/// </summary>
public class MemoryEstimateTests
{
    private const double Gib = 1024.0 * 1024 * 1024;
    private static readonly Shape3 Brain = new(182, 218, 182), Patch = new(120, 120, 120);

    [Theory]
    [InlineData(ModelKind.UNet, "1", "64,64,64", 0.51)]
    [InlineData(ModelKind.UNet, "1", "120,120,120", 1.37)]
    [InlineData(ModelKind.UNet, "1", "160,160,160", 2.79)]
    [InlineData(ModelKind.UNet, "0.5,0.5,1", "208,135,104", 1.99)]
    [InlineData(ModelKind.RaUNet, "1", "80,80,80", 1.04)]
    [InlineData(ModelKind.RaUNet, "1", "120,120,120", 2.21)]
    [InlineData(ModelKind.RaUNet, "1", "160,160,160", 4.72)]
    [InlineData(ModelKind.RaUNet, "0.5,0.5,1", "64,64,64", 0.74)]
    [InlineData(ModelKind.RaUNet, "0.5,0.5,1", "96,96,96", 1.43)]
    public void TheEstimateIsAtOrWithinAFifthAboveTheMeasuredPeak(ModelKind kind, string spacing, string window, double measuredGib)
    {
        var config = new ModelConfig { Kind = kind };   // the paper's sizes are the defaults
        double estimate = MemoryEstimate.InferenceBytes(config, Shape3.Parse(window), Spacing.Parse(spacing)) / Gib;
        Assert.InRange(estimate / measuredGib, 0.995, 1.2);
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
        var e = Assert.Throws<MemoryBudgetException>(() => MemoryEstimate.RequireFits(ra, Brain, Spacing.Isotropic(1), "case.nii.gz", availableBytes: 8 * Gib));
        Assert.Contains("case.nii.gz", e.Message);
        double brain = MemoryEstimate.InferenceBytes(ra, Brain, Spacing.Isotropic(1)) / Gib;
        Assert.InRange(brain, 8, 16);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"needs about {brain:0.0} GiB"), e.Message);
        Assert.Contains("has 8.0 GiB available", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
