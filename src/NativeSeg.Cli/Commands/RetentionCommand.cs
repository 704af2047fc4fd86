using System.CommandLine;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg retention --curves A_retention.csv B_retention.csv ... --out PNG`: models' error-retention curves in one picture.</summary>
public sealed class RetentionCommand : ICliCommand
{
    public Command Build()
    {
        var curves = new Option<string[]>("--curves") { Description = "mean retention curves (<out>_retention.csv) from `evaluate --preset shifts2022 --uncertainty`, one per model",
            Required = true, AllowMultipleArgumentsPerToken = true };
        var names = new Option<string?>("--names") { Description = "model names, comma separated (default: file names without _retention)" };
        var output = new Option<string>("--out") { Description = "PNG path", Required = true };
        var overwrite = OverwriteOption.Create();
        var command = new Command("retention", "Shifts 2022 error-retention curves of several models in one picture, with each one's R-AUC (lower: its errors are where it is unsure).");
        foreach (var o in new Option[] { curves, names, output, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var files = parse.GetValue(curves)!;
            var labels = parse.GetValue(names)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                         ?? files.Select(f => Path.GetFileNameWithoutExtension(f).Replace("_retention", "", StringComparison.Ordinal)).ToArray();
            if (labels.Length != files.Length) throw new UserInputException($"--names gives {labels.Length} names for {files.Length} curves");
            string png = parse.GetValue(output)!;
            OutputGuard.RequireNotAnInput(png, files);
            OutputGuard.RequireReplaceable(png, parse.GetValue(overwrite));
            var loaded = files.Select((f, i) => RetentionComparison.Read(f, labels[i])).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
            RetentionComparison.Plot(png, loaded);
            Console.Out.Write(RetentionComparison.Markdown(loaded));
            Console.Out.WriteLine($"retention: {png}");
            return 0;
        }));
        return command;
    }
}
