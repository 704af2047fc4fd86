using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Cli.Progress;
using System.CommandLine;
using System.Globalization;
using NativeSeg.Imaging;
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
        var algorithms = new Option<bool>("--algorithms") { Description = "also show what --conv-algorithm auto runs for each convolution per level, and the conv3d path each takes (one pass " +
            "of the net on zeros; measured once per machine, then cached)" };
        var model = new Option<string?>("--model") { Description = "with --algorithms: the net of this model folder instead of the default RA-U-Net (its kernel, pooling, levels and cutoff " +
            "replace the options above)" };
        var patch = new Option<int>("--patch") { Description = "with --algorithms: input edge in voxels (the choice depends on the input's size)", DefaultValueFactory = _ => 64 };
        var training = new Option<bool>("--training") { Description = "with --algorithms: a training step (forward and backward) instead of inference" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var command = new Command("kernels", "Show kernel and pooling shapes per U-Net level for a voxel spacing (paper Table 1).");
        foreach (var o in new Option[] { spacing, kernelMm, poolMm, levels, rule, cutoff, algorithms, model, patch, training, json }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            // The ranges model.json accepts, so the table never shows a net that could not be built.
            var config = new ModelConfig
            {
                Kind = ModelKind.RaUNet, KernelMm = parse.GetValue(kernelMm), PoolMm = parse.GetValue(poolMm),
                Levels = parse.GetValue(levels), LevelSpacing = KernelPlan.ParseRule(parse.GetValue(rule)!),
                RadialCutoff = RadialCutoffOption.Read(parse, cutoff) ?? true,
            };
            if (parse.GetValue(model) is { } modelDir)
            {
                if (!parse.GetValue(algorithms)) throw new UserInputException("--model: only with --algorithms");
                foreach (var o in new Option[] { kernelMm, poolMm, levels, rule, cutoff })
                    if (parse.GetResult(o) is { Implicit: false }) throw new UserInputException($"{o.Name}: not with --model (the model folder sets it)");
                config = ModelDirectory.ReadConfig(modelDir).Config;
                if (config.Architecture != Architecture.RaUNet)
                    throw new UserInputException($"{modelDir}: a {config.Architecture.Name()} has no resolution-adaptive convolutions");
            }
            config.Check();
            var inputSpacing = Spacing.Parse(parse.GetValue(spacing)!);
            var plan = config.KernelPlan(inputSpacing);
            // The box conv3d runs per level under the default support algorithm.
            var conv = plan.Select(l => LatticeBasis.SupportAt(l.GridMm, l.KernelMm / 2, config.RadialBasis, config.RadialCutoff, config.FilterLmax))
                .Select(n => new Shape3(2 * n.X + 1, 2 * n.Y + 1, 2 * n.Z + 1)).ToList();
            IReadOnlyList<IReadOnlyList<string>>? chosen = null, paths = null;
            if (parse.GetValue(algorithms))
            {
                int edge = parse.GetValue(patch);
                if (edge < 1) throw new UserInputException($"--patch {edge}: expected a positive voxel count");
                using var net = (EquivariantUNet)NetFactory.Create(config);
                var choices = ConvolutionChoices.Of(net, new Shape3(edge, edge, edge), inputSpacing, parse.GetValue(training));
                chosen = plan.Select(l => (IReadOnlyList<string>)choices.Where(c => c.Level == l.Level).Select(c => EnumNames.Name(c.Algorithm)).ToList()).ToList();
                paths = plan.Select(l => (IReadOnlyList<string>)choices.Where(c => c.Level == l.Level).Select(c => EnumNames.Name(c.Path)).ToList()).ToList();
            }
            if (parse.GetValue(json)) Console.Out.WriteLine(KernelPlan.ToJson(plan, conv, chosen, paths));
            else PrintTable(plan, conv, chosen, paths);
            return 0;
        }));
        return command;
    }

    private static void PrintTable(IReadOnlyList<KernelLevel> plan, IReadOnlyList<Shape3> conv, IReadOnlyList<IReadOnlyList<string>>? chosen,
                                   IReadOnlyList<IReadOnlyList<string>>? paths)
    {
        var table = new Table().AddColumns("level", "grid (mm)", "kernel (mm)", "kernel (voxels)", "conv (voxels)", "pool (mm)", "pool (voxels)");
        if (chosen is not null) table.AddColumn("auto runs (algorithm; conv3d path)");
        foreach (var l in plan)
        {
            var cells = new List<string> { l.Level.ToString(CultureInfo.InvariantCulture), l.GridMm.ToString(), Num(l.KernelMm), l.KernelVoxels.ToString(), conv[l.Level].ToString(),
                                           l.PoolMm is { } p ? Num(p) : "-", l.PoolVoxels?.ToString() ?? "-" };
            // "4 support, plain", or "3 support, 1 lattice; 3 plain, 1 unfolded": the JSON lists every convolution in order.
            if (chosen is not null && paths is not null)
                cells.Add($"{Counted(chosen[l.Level])}; {Counted(paths[l.Level])}");
            table.AddRow(cells.ToArray());
        }
        ConsoleTables.Write(table);
    }

    private static string Counted(IEnumerable<string> names) => string.Join(", ", names.GroupBy(a => a).Select(g => $"{g.Count()} {g.Key}"));

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
