using NativeSeg.Imaging.Geometry;
using System.Text.Json.Nodes;
using NativeSeg.Imaging;

namespace NativeSeg.Nets.Kernels;

/// <summary>One U-Net level: its grid spacing, kernel lattice and the pooling that leaves it (null after the last level).</summary>
public sealed record KernelLevel(int Level, Spacing GridMm, double KernelMm, Shape3 KernelVoxels, double? PoolMm, Shape3? PoolVoxels);

/// <summary>
/// Kernel and pooling shapes per level for a given input spacing: the paper's Table 1.
/// Kernel diameter kernelMm * 2^i, lattice 2n+1 with n = floor(r / s); pooling width poolMm * 2^i,
/// pooling size max(1, floor(P / s)) per axis. The epsilon keeps exact ratios exact when the spacing comes from a
/// NIfTI header, which stores it in float32: 0.8 is read as 0.800000011920929, and 4 / 0.8 would floor to 4, not 5
/// (the published code, given 0.8, pools 5). float32 is exact to 6e-8 relative, so 1e-6 on ratios up to ~15 is safe
/// and still far below any spacing a scanner distinguishes.
/// </summary>
public static class KernelPlan
{
    private const double Epsilon = 1e-6;

    /// <summary>The plan for explicit widths; a model's is <c>ModelConfig.KernelPlan(spacing)</c>, where the defaults live.</summary>
    public static IReadOnlyList<KernelLevel> For(Spacing spacing, double kernelMm, double poolMm, int levels, LevelSpacingRule rule)
    {
        if (levels < 1) throw new UserInputException($"levels {levels}: expected at least 1");
        if (kernelMm <= 0 || poolMm <= 0) throw new UserInputException("kernel and pooling widths must be positive (mm)");
        var result = new List<KernelLevel>(levels);
        var grid = spacing;
        for (int i = 0; i < levels; i++)
        {
            double diameter = kernelMm * Math.Pow(2, i);
            var n = HalfWidths(diameter / 2, grid);
            var kernel = new Shape3(2 * n.X + 1, 2 * n.Y + 1, 2 * n.Z + 1);
            bool last = i == levels - 1;
            double pool = poolMm * Math.Pow(2, i);
            Shape3? poolVoxels = last ? null : PoolSizes(pool, grid);
            result.Add(new KernelLevel(i, grid, diameter, kernel, last ? null : pool, poolVoxels));
            if (!last)
                grid = rule == LevelSpacingRule.Actual
                    ? new Spacing(grid.X * poolVoxels!.Value.X, grid.Y * poolVoxels.Value.Y, grid.Z * poolVoxels.Value.Z)
                    : new Spacing(PublishedSpacing(pool, spacing.X), PublishedSpacing(pool, spacing.Y), PublishedSpacing(pool, spacing.Z));
        }
        return result;
    }

    /// <summary>n = floor(r / s): lattice offsets t * s for t in [-n, n].</summary>
    public static int HalfWidth(double radiusMm, double spacingMm) => (int)Math.Floor(radiusMm / spacingMm + Epsilon);

    /// <summary>The lattice half widths n per axis of a kernel of this radius on this grid (the conv3d padding).</summary>
    public static Shape3 HalfWidths(double radiusMm, Spacing spacing) => Map(spacing, s => HalfWidth(radiusMm, s));

    /// <summary>The pooling window per axis for this width on this grid.</summary>
    public static Shape3 PoolSizes(double widthMm, Spacing spacing) => Map(spacing, s => PoolSize(widthMm, s));

    /// <summary>The largest pooling size fitting in the width, at least 1 (no pooling along coarse axes).</summary>
    public static int PoolSize(double widthMm, double spacingMm) => Math.Max(1, (int)Math.Floor(widthMm / spacingMm + Epsilon));

    private static double PublishedSpacing(double widthMm, double inputSpacingMm) => PoolSize(widthMm, inputSpacingMm) * inputSpacingMm;

    private static Shape3 Map(Spacing s, Func<double, int> f) => new(f(s.X), f(s.Y), f(s.Z));

    public static LevelSpacingRule ParseRule(string text) => EnumNames.Parse<LevelSpacingRule>(text, "level spacing rule");

    /// <summary>{"levels":[...]}; the last level has pool_mm and pool_voxels null (no pooling after it). With
    /// <paramref name="convolution"/>, each level also has conv_voxels: the box conv3d runs (the weighted support).</summary>
    /// <param name="algorithms">Per level, what auto runs for each of its convolutions (encoder first), when measured.</param>
    /// <param name="paths">Per level, the conv3d path each of those convolutions took (conv3d_paths), when measured.</param>
    public static string ToJson(IReadOnlyList<KernelLevel> plan, IReadOnlyList<Shape3>? convolution = null, IReadOnlyList<IReadOnlyList<string>>? algorithms = null,
                                IReadOnlyList<IReadOnlyList<string>>? paths = null)
    {
        var levels = new JsonArray();
        foreach (var l in plan)
        {
            var level = new JsonObject
            {
                ["level"] = l.Level,
                ["grid_mm"] = new JsonArray(l.GridMm.X, l.GridMm.Y, l.GridMm.Z),
                ["kernel_mm"] = l.KernelMm,
                ["kernel_voxels"] = new JsonArray(l.KernelVoxels.X, l.KernelVoxels.Y, l.KernelVoxels.Z),
                ["pool_mm"] = l.PoolMm,
                ["pool_voxels"] = l.PoolVoxels is { } p ? new JsonArray(p.X, p.Y, p.Z) : null,
            };
            if (convolution?[l.Level] is { } c) level["conv_voxels"] = new JsonArray(c.X, c.Y, c.Z);
            if (algorithms?[l.Level] is { } a) level["algorithms"] = new JsonArray(a.Select(x => (JsonNode?)x).ToArray());
            if (paths?[l.Level] is { } p3) level["conv3d_paths"] = new JsonArray(p3.Select(x => (JsonNode?)x).ToArray());
            levels.Add(level);
        }
        return new JsonObject { ["levels"] = levels }.ToJsonString();
    }
}
