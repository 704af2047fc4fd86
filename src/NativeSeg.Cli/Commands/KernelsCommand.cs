using System.CommandLine;
using System.Globalization;
using NativeSeg.Imaging;
using NativeSeg.Nets;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg kernels`: the per-level kernel and pooling shapes (paper Table 1) for one spacing.
/// In JSON the last level has pool_mm and pool_voxels null (no pooling after it).</summary>
public sealed class KernelsCommand : ICliCommand
{
    public Command Build()
    {
        var spacing = new Option<string>("--spacing") { Description = "input voxel spacing in mm, e.g. 0.5,0.5,3", Required = true };
        var kernelMm = new Option<double>("--kernel-mm") { Description = "kernel diameter at level 0 (mm)", DefaultValueFactory = _ => 5 };
        var poolMm = new Option<double>("--pool-mm") { Description = "pooling width at level 0 (mm)", DefaultValueFactory = _ => 2 };
        var levels = new Option<int>("--levels") { Description = "number of levels (poolings + 1)", DefaultValueFactory = _ => 4 };
        var rule = new Option<string>("--level-spacing") { Description = "actual or published", DefaultValueFactory = _ => "actual" };
        var cutoff = RadialCutoffOption.Create("default true; with the cutoff, lattice points at exactly r carry no weight and conv3d skips them (conv voxels)");
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var command = new Command("kernels", "Show kernel and pooling shapes per U-Net level for a voxel spacing (paper Table 1).");
        foreach (var o in new Option[] { spacing, kernelMm, poolMm, levels, rule, cutoff, json }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            // The ranges model.json accepts, so the table never shows a net that could not be built.
            var config = new ModelConfig
            {
                Kind = ModelKind.RaUNet, KernelMm = parse.GetValue(kernelMm), PoolMm = parse.GetValue(poolMm),
                Levels = parse.GetValue(levels), LevelSpacing = KernelPlan.ParseRule(parse.GetValue(rule)!),
                RadialCutoff = RadialCutoffOption.Read(parse, cutoff) ?? true,
            };
            config.Check();
            var plan = KernelPlan.For(Spacing.Parse(parse.GetValue(spacing)!), config.KernelMm, config.PoolMm, config.Levels, config.LevelSpacing);
            // The box conv3d runs per level under the default support algorithm.
            var conv = plan.Select(l => LatticeBasis.SupportAt(l.GridMm, l.KernelMm / 2, config.RadialBasis, config.RadialCutoff, config.FilterLmax))
                .Select(n => new Shape3(2 * n.X + 1, 2 * n.Y + 1, 2 * n.Z + 1)).ToList();
            if (parse.GetValue(json)) Console.Out.WriteLine(KernelPlan.ToJson(plan, conv));
            else PrintTable(plan, conv);
            return 0;
        }));
        return command;
    }

    private static void PrintTable(IReadOnlyList<KernelLevel> plan, IReadOnlyList<Shape3> conv)
    {
        var table = new Table().AddColumns("level", "grid (mm)", "kernel (mm)", "kernel (voxels)", "conv (voxels)", "pool (mm)", "pool (voxels)");
        foreach (var l in plan)
            table.AddRow(l.Level.ToString(CultureInfo.InvariantCulture), l.GridMm.ToString(), Num(l.KernelMm), l.KernelVoxels.ToString(), conv[l.Level].ToString(),
                         l.PoolMm is { } p ? Num(p) : "-", l.PoolVoxels?.ToString() ?? "-");
        AnsiConsole.Write(table);
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
