using NativeSeg.Nets.Model;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using System.Text.Json;

namespace NativeSeg.Tests.Nets;

/// <summary>The paper's Table 1 and the design's per-level table (docs/design/e3nn.md, "Per-level spacing, pooling and lattice").</summary>
public class KernelPlanTests
{
    private static Shape3 S(int x, int y, int z) => new(x, y, z);

    /// <summary>The shipped defaults: 5 mm kernels, 2 mm pooling, 4 levels.</summary>
    private static readonly ModelConfig Default = new() { Kind = ModelKind.RaUNet };

    [Fact]
    public void OneMillimetreIsotropicHasFiveCubedKernelsAndTwoCubedPools()
    {
        var plan = Default.KernelPlan(Spacing.Isotropic(1));
        Assert.Equal(new[] { 1.0, 2, 4, 8 }, plan.Select(l => l.GridMm.X));
        Assert.All(plan, l => Assert.Equal(S(5, 5, 5), l.KernelVoxels));
        Assert.Equal(new[] { 5.0, 10, 20, 40 }, plan.Select(l => l.KernelMm));
        Assert.All(plan.Take(3), l => Assert.Equal(S(2, 2, 2), l.PoolVoxels));
        Assert.Null(plan[3].PoolVoxels);
        Assert.Null(plan[3].PoolMm);
    }

    [Fact]
    public void AnisotropicHalfByHalfByThreeMatchesTable1()
    {
        var plan = Default.KernelPlan(new Spacing(0.5, 0.5, 3));
        Assert.Equal(new[] { new Spacing(0.5, 0.5, 3), new Spacing(2, 2, 3), new Spacing(4, 4, 3), new Spacing(8, 8, 6) }, plan.Select(l => l.GridMm));
        Assert.Equal(new[] { S(11, 11, 1), S(5, 5, 3), S(5, 5, 7), S(5, 5, 7) }, plan.Select(l => l.KernelVoxels));
        Assert.Equal(new Shape3?[] { S(4, 4, 1), S(2, 2, 1), S(2, 2, 2), null }, plan.Select(l => l.PoolVoxels));
    }

    [Fact]
    public void HalfByHalfByFiveMatchesDesignRow()
    {
        var plan = Default.KernelPlan(new Spacing(0.5, 0.5, 5));
        Assert.Equal(new[] { new Spacing(0.5, 0.5, 5), new Spacing(2, 2, 5), new Spacing(4, 4, 5), new Spacing(8, 8, 5) }, plan.Select(l => l.GridMm));
        Assert.Equal(new[] { S(11, 11, 1), S(5, 5, 3), S(5, 5, 5), S(5, 5, 9) }, plan.Select(l => l.KernelVoxels));
        Assert.Equal(new Shape3?[] { S(4, 4, 1), S(2, 2, 1), S(2, 2, 1), null }, plan.Select(l => l.PoolVoxels));
    }

    [Fact]
    public void PointEightActualAndPublishedRulesPart()
    {
        var actual = Default.KernelPlan(Spacing.Isotropic(0.8));
        Assert.Equal(new[] { 0.8, 1.6, 3.2, 6.4 }, actual.Select(l => Math.Round(l.GridMm.X, 12)));
        Assert.All(actual, l => Assert.Equal(S(7, 7, 7), l.KernelVoxels));
        var published = (Default with { LevelSpacing = LevelSpacingRule.Published }).KernelPlan(Spacing.Isotropic(0.8));
        Assert.Equal(new[] { 0.8, 1.6, 4, 8 }, published.Select(l => Math.Round(l.GridMm.X, 12)));
        Assert.Equal(new[] { 7, 7, 5, 5 }, published.Select(l => l.KernelVoxels.X));
    }

    [Fact]
    public void KernelsVerbPrintsTheJsonShape()
    {
        var plan = Default.KernelPlan(new Spacing(0.5, 0.5, 3));
        using var doc = JsonDocument.Parse(KernelPlan.ToJson(plan));
        var levels = doc.RootElement.GetProperty("levels");
        Assert.Equal(4, levels.GetArrayLength());
        Assert.Equal(new[] { 11, 11, 1 }, levels[0].GetProperty("kernel_voxels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { 4, 4, 1 }, levels[0].GetProperty("pool_voxels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2.0, levels[0].GetProperty("pool_mm").GetDouble());
        Assert.Equal(JsonValueKind.Null, levels[3].GetProperty("pool_voxels").ValueKind);
        Assert.Equal(JsonValueKind.Null, levels[3].GetProperty("pool_mm").ValueKind);
        Assert.Equal(new[] { 8.0, 8, 6 }, levels[3].GetProperty("grid_mm").EnumerateArray().Select(e => e.GetDouble()));
    }

    /// <summary>
    /// A spacing read from a NIfTI header is float32: 0.8 arrives as 0.800000011920929. The plan is the one of 0.8, as
    /// the published code plans it from its own 0.8 (pooling 5 in-plane at 4 mm), not floor(4.9999999) = 4.
    /// </summary>
    [Fact]
    public void AFloat32SpacingPlansAsTheDecimalItStores()
    {
        var stored = new Spacing((float)0.8, (float)0.8, 2);
        Assert.NotEqual(0.8, stored.X);
        foreach (var rule in new[] { LevelSpacingRule.Published, LevelSpacingRule.Actual })
            Assert.Equal((Default with { Levels = 3, LevelSpacing = rule }).KernelPlan(new Spacing(0.8, 0.8, 2)).Select(l => (l.KernelVoxels, l.PoolVoxels)),
                         (Default with { Levels = 3, LevelSpacing = rule }).KernelPlan(stored).Select(l => (l.KernelVoxels, l.PoolVoxels)));
        Assert.Equal(5, KernelPlan.PoolSize(4, (float)0.8));
        Assert.Equal(5, KernelPlan.PoolSize(2, (float)0.4));
    }
}
