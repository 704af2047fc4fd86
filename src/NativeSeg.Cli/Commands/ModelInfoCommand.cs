using NativeSeg.Nets.Model;
using System.CommandLine;
using System.Globalization;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg model-info DIR`: what a model folder holds, after loading its weights (so a damaged model is reported).</summary>
public sealed class ModelInfoCommand : ICliCommand
{
    /// <summary>Fields one architecture has and the other ignores: shown only for the architecture they belong to.</summary>
    private static readonly HashSet<string> PlainUNetOnly = ["features", "kernel_voxels"];
    private static readonly HashSet<string> ResolutionAdaptiveOnly =
        ["irreps_multiplicity", "irreps_level0", "kernel_mm", "pool_mm", "radial_basis", "radial_cutoff", "level_spacing", "filter_lmax", "kernel_buffers", "kernel_geometry"];

    public Command Build()
    {
        var dir = new Argument<string>("DIR") { Description = "model folder (model.json + weights.bin)" };
        var json = new Option<bool>("--json") { Description = "print model.json's configuration as JSON" };
        var command = new Command("model-info", "Show a trained model's kind, architecture, parameter count and training spacings.");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var model = ModelDirectory.Load(parse.GetValue(dir)!);
            using var net = model.Net;
            if (parse.GetValue(json))
            {
                var o = ModelConfigJson.ToJson(model.Config);
                o["model"] = model.Config.Name;
                o["parameters"] = net.ParameterCount();
                Console.Out.WriteLine(o.ToJsonString(ModelConfigJson.LineOptions));
                return 0;
            }
            // Plain "field  value" lines: a table's cells break words in an 80-column terminal or a log file.
            var rows = new List<(string Field, string Value)>
            {
                ("model", model.Config.Name),
                ("parameters", net.ParameterCount().ToString("N0", CultureInfo.InvariantCulture)),
            };
            var other = model.Config.Architecture == Architecture.RaUNet ? PlainUNetOnly : ResolutionAdaptiveOnly;
            foreach (var (key, value) in ModelConfigJson.ToJson(model.Config))
                if (value is not null && !other.Contains(key) && key != "training_spacings") rows.Add((key, value.ToJsonString(ModelConfigJson.LineOptions)));
            rows.Add(("training grids", TrainingGrids(model.Config.TrainingSpacings)));
            var record = Training.TrainingRecord.Read(parse.GetValue(dir)!);
            rows.Add(("trained", record is null ? "no training record (imported, or trained before version 0.2)" : Training.TrainingRecord.Summary(record)));
            int width = rows.Max(r => r.Field.Length) + 2;
            foreach (var (field, value) in rows) Console.Out.WriteLine(field.PadRight(width) + value);
            return 0;
        }));
        return command;
    }

    /// <summary>"21 grids, in-plane 0.39-1.04 mm, slices 0.9-6 mm" (the spacings themselves: model-info --json).</summary>
    private static string TrainingGrids(IReadOnlyList<Imaging.Geometry.Spacing> spacings)
    {
        if (spacings.Count == 0) return "not recorded";
        var inPlane = spacings.Select(s => Math.Min(s.X, Math.Min(s.Y, s.Z))).ToList();
        var slices = spacings.Select(s => Math.Max(s.X, Math.Max(s.Y, s.Z))).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{spacings.Count} grids, finest axis {inPlane.Min():0.##}-{inPlane.Max():0.##} mm, coarsest axis " +
            $"{slices.Min():0.##}-{slices.Max():0.##} mm");
    }
}
