using NativeSeg.Imaging;
using System.CommandLine;
using NativeSeg.Training;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg curves --runs A B ...`: training runs side by side (one PNG per metric) and a table of best values and steps to them.</summary>
public sealed class CurvesCommand : ICliCommand
{
    public Command Build()
    {
        var runs = new Option<string[]>("--runs") { Description = "model folders written by `nativeseg train` (each with training.csv)", Required = true, AllowMultipleArgumentsPerToken = true };
        var names = new Option<string?>("--names") { Description = "run names, comma separated (default: folder names)" };
        var output = new Option<string>("--out") { Description = "PNG path; one file per metric, named <out>-<metric>.png", Required = true };
        var metrics = new Option<string>("--metrics") { Description = $"comma separated: {string.Join(", ", TrainingCurves.Metrics)}", DefaultValueFactory = _ => "val_dice,val_loss" };
        var command = new Command("curves", "Training curves of several runs against optimizer steps, with steps to the best validation Dice and loss.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { runs, names, output, metrics, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var folders = parse.GetValue(runs)!;
            var labels = parse.GetValue(names)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                         ?? folders.Select(f => Path.GetFileName(Path.TrimEndingDirectorySeparator(f))).ToArray();
            if (labels.Length != folders.Length) throw new UserInputException($"--names gives {labels.Length} names for {folders.Length} runs");
            var loaded = new List<(string, IReadOnlyList<EpochRecord>)>();
            for (int i = 0; i < folders.Length; i++)
            {
                if (!File.Exists(Path.Combine(folders[i], TrainingLog.CsvFile)))
                    throw new FileNotFoundException($"{Path.Combine(folders[i], TrainingLog.CsvFile)}: not found (is {folders[i]} a training run?)");
                loaded.Add((labels[i], TrainingLog.Read(folders[i])));
            }
            var chosen = parse.GetValue(metrics)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var m in chosen)
                if (!TrainingCurves.Metrics.Contains(m)) throw new UserInputException($"--metrics '{m}': expected {string.Join(", ", TrainingCurves.Metrics)}");
            string stem = parse.GetValue(output)!;
            if (stem.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) stem = stem[..^4];
            foreach (var m in chosen) OutputGuard.RequireReplaceable($"{stem}-{m}.png", parse.GetValue(overwrite));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stem))!);
            Console.Out.Write(TrainingCurves.Markdown(loaded.Select(r => TrainingCurves.Summarize(r.Item1, r.Item2)).ToList()));
            foreach (var m in chosen)
            {
                string png = $"{stem}-{m}.png";
                TrainingCurves.Plot(png, loaded, m);
                Console.Out.WriteLine($"curves: {png}");
            }
            return 0;
        }));
        return command;
    }
}
