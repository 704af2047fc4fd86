using NativeSeg.Imaging.Geometry;
using System.CommandLine;
using System.Globalization;
using NativeSeg.Cli.Progress;
using NativeSeg.Data;
using NativeSeg.Experiments;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg speedcurve --model M --data D --out DIR [--grids native,1,1.5,2]`: Dice and seconds per case of one model on a ladder of inference grids.</summary>
public sealed class SpeedcurveCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "an ra-unet model folder", Required = true };
        var data = new Option<string>("--data") { Description = "nnU-Net raw dataset folder whose imagesTs / labelsTs are the labelled cases", Required = true };
        var output = new Option<string>("--out") { Description = "folder for speedcurve.csv and speedcurve.png", Required = true };
        var grids = new Option<string>("--grids") { Description = "inference grids, ';'-separated: 'native' or a spacing in mm (1 or 1,1,2)", DefaultValueFactory = _ => "native;0.8;1;1.5;2" };
        var windowMm = new Option<double?>("--window-mm") { Description = "sliding-window edge in mm (default: the whole volume at once)" };
        var groups = new Option<string?>("--groups") { Description = "only test cases of these cases.tsv groups, comma separated" };
        var command = new Command("speedcurve", "Dice and seconds per case of one ra-unet model on a ladder of inference grids (predict --inference-spacing), table and plot.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { model, data, output, grids, windowMm, groups, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var ladder = parse.GetValue(grids)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(g => g.Equals("native", StringComparison.OrdinalIgnoreCase) ? (Spacing?)null : Spacing.Parse(g)).ToList();
            if (ladder.Count == 0) throw new UserInputException("--grids: give at least one grid");
            var options = new PredictionOptions { Patch = null, WindowMm = parse.GetValue(windowMm) };
            string outDir = parse.GetValue(output)!;
            foreach (var file in new[] { "speedcurve.csv", "speedcurve.png" }) OutputGuard.RequireReplaceable(Path.Combine(outDir, file), parse.GetValue(overwrite));
            string[] wanted = parse.GetValue(groups)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var cases = NnUNetDataset.Open(parse.GetValue(data)!).TestIn(wanted);
            if (cases.Count == 0 && wanted.Length > 0) throw new UserInputException($"--groups {string.Join(",", wanted)}: no test case in these groups");
            // A status line on a terminal; the table alone when the output goes to a file or a pipe.
            var points = LiveProgress.Run(
                ctx =>
                {
                    var task = ctx.AddTask("speedcurve").IsIndeterminate();
                    var result = SpeedCurve.Run(parse.GetValue(model)!, cases, ladder, options, line => task.Description = Markup.Escape(line));
                    task.StopTask();
                    return result;
                },
                () => SpeedCurve.Run(parse.GetValue(model)!, cases, ladder, options));
            Directory.CreateDirectory(outDir);
            SpeedCurve.WriteCsv(Path.Combine(outDir, "speedcurve.csv"), points);
            SpeedCurve.Plot(Path.Combine(outDir, "speedcurve.png"), Path.GetFileName(Path.TrimEndingDirectorySeparator(parse.GetValue(model)!)), points);
            Console.Out.WriteLine("| grid | Dice mean (sd) | seconds per case | speed-up |");
            Console.Out.WriteLine("|---|---|---|---|");
            foreach (var p in points)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {p.Label} | {p.Dice.Mean:0.000} ({p.Dice.Sd:0.000}) | {p.SecondsPerCase:0.0} | {points[0].SecondsPerCase / p.SecondsPerCase:0.0}x |"));
            Console.Out.WriteLine($"{cases.Count(c => c.LabelPath is not null)} labelled case(s); {Path.Combine(outDir, "speedcurve.csv")}, {Path.Combine(outDir, "speedcurve.png")}");
            return 0;
        }));
        return command;
    }
}
