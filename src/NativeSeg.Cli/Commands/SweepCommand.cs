using NativeSeg.Experiments.Sweep;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.CommandLine;
using NativeSeg.Cli.Progress;
using NativeSeg.Evaluation;
using NativeSeg.Experiments;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg sweep`: Dice against spacing for models an experiment trained (the paper's Figure 2 on phantoms).</summary>
public sealed class SweepCommand : ICliCommand
{
    public Command Build()
    {
        var modelsFrom = new Option<string>("--models-from") { Description = "a finished experiment folder, or a folder of model folders named by kind (e.g. models/demo)", Required = true };
        var output = new Option<string>("--out") { Description = "sweep folder (acquisitions, results, figures, report.md, run.json)", Required = true };
        var scale = new Option<string>("--scale") { Description = "quick or cpu (3 x 3 spacings, 3 planes, 2 subjects, 64 mm boxes) or paper (6 x 6 spacings, 5 subjects, whole brain)",
            DefaultValueFactory = _ => "quick" };
        var models = new Option<string>("--models") { Description = "comma separated model kinds to sweep", DefaultValueFactory = _ => string.Join(",", ExperimentSettings.AllModels.Select(k
            => k.Name())) };
        var set = new Option<string?>("--set") { Description = "which training set's models of the experiment (default: the only one, or 3d-both)" };
        var subjects = new Option<int?>("--subjects") { Description = "phantom subjects per grid (default by scale)" };
        var seed = new Option<long>("--seed") { Description = "random seed of the phantom subjects", DefaultValueFactory = _ => 0 };
        var windowMm = new Option<double?>("--window-mm") { Description = "prediction window edge in mm instead of the scale's" };
        var inPlane = new Option<string?>("--in-plane") { Description = "comma separated in-plane spacings in mm (default by scale, e.g. 0.4,0.8,1.5)" };
        var slices = new Option<string?>("--slices") { Description = "comma separated slice spacings in mm (default by scale, e.g. 1,3,6); each with the in-plane spacings not above it" };
        var command = new Command("sweep", "Acquire the same phantom subjects at a ladder of spacings in three planes and tabulate and plot Dice against spacing for trained models.");
        foreach (var o in new Option[] { modelsFrom, output, scale, models, set, subjects, seed, windowMm, inPlane, slices }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var chosenScale = ExperimentScale.Parse(parse.GetValue(scale)!).WithWindowMm(parse.GetValue(windowMm));
            var kinds = ModelKinds.ParseList(parse.GetValue(models)!);
            var settings = new SweepSettings(parse.GetValue(modelsFrom)!, parse.GetValue(output)!, chosenScale, kinds, parse.GetValue(seed)) { TrainingSet = parse.GetValue(set) };
            if (parse.GetValue(subjects) is { } n)
                settings = settings with { Plan = settings.Plan with { Subjects = n > 0 ? n : throw new UserInputException("--subjects must be at least 1") } };
            if (parse.GetValue(inPlane) is { } ip) settings = settings with { Plan = settings.Plan with { InPlaneMm = SpacingList(ip, "--in-plane") } };
            if (parse.GetValue(slices) is { } sl) settings = settings with { Plan = settings.Plan with { SliceMm = SpacingList(sl, "--slices") } };
            var result = TrainingProgressDisplay.Run(training => SweepRunner.Run(settings, new ExperimentCommand.StepLines(training)));
            AnsiConsole.MarkupLine($"[bold]Models trained on {Markup.Escape(result.TrainingSet)}[/], Dice per spacing (mean (sd) over planes and subjects)");
            Console.Out.Write(ComparisonReport.Markdown(result.BySpacing));
            Console.Out.WriteLine($"plot: {result.Figure}");
            Console.Out.WriteLine($"report: {result.Layout.Report}");
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<double> SpacingList(string text, string option)
    {
        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0 && x <= 20 ? x : double.NaN)
            .ToList();
        if (values.Count == 0 || values.Any(double.IsNaN))
            throw new UserInputException($"{option} '{text}': expected comma separated spacings in mm, each above 0 and at most 20");
        return values;
    }
}
