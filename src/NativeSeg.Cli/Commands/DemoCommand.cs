using System.CommandLine;
using System.Diagnostics;
using NativeSeg.Cli.Progress;
using NativeSeg.Experiments;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg demo`: the three models on synthetic data, tested on an unseen 2D coronal resolution.</summary>
public sealed class DemoCommand : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "demo folder (data, models, predictions, report.md, report/index.html)", DefaultValueFactory = _ => "nativeseg-demo" };
        var seed = new Option<long>("--seed") { Description = "random seed (subjects, weights, patches)", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Synthesize a small mixed-resolution MS dataset, train the three models, test them on an unseen 2D coronal resolution.");
        var scale = new Option<string>("--scale") { Description = "demo (the shipped models, or trained on the spot when they are missing), tiny", DefaultValueFactory = _ => "demo", Hidden = true };
        command.Options.Add(output);
        command.Options.Add(scale);
        command.Options.Add(seed);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var settings = new DemoSettings(parse.GetValue(output)!, parse.GetValue(seed)) { Scale = ExperimentScale.Parse(parse.GetValue(scale)!) };
            string shipped = Path.Combine(AppContext.BaseDirectory, "models", "demo");
            if (settings.Scale == ExperimentScale.Demo) settings = settings with { ShippedModels = shipped };
            Console.Out.WriteLine(Demo.HasShippedModels(settings)
                ? "using the pre-trained models shipped in models/demo (see models/demo/README.md); predicting unseen 2D coronal cases"
                : "no pre-trained models found: training the three models on the spot (a few minutes)");
            var result = TrainingProgressDisplay.Run(training => Demo.Run(settings, new ExperimentCommand.StepLines(training)));
            var comparison = result.Tables[0].Comparison;
            var table = new Table().AddColumns("model", $"Dice on {DemoData.UnseenGroup} (mean (sd))", "cases");
            foreach (var model in comparison.Models)
            {
                var cell = comparison.Cell(comparison.Groups[0], model);
                table.AddRow(model, cell.Best ? $"[bold]{cell.Value.Format()}[/]" : cell.Value.Format(), cell.Value.N.ToString());
            }
            ConsoleTables.Write(table);
            Console.Out.WriteLine($"overlay (TP blue, FN green, FP red): {result.Overlay}");
            Console.Out.WriteLine($"report: {result.Layout.Report}");
            if (result.BrowserReport is { } browser) Console.Out.WriteLine($"in a browser: {browser.Index}{(browser.ViewerProblem is null ? "" : $" (static pictures: {browser.ViewerProblem})")}");
            Console.Out.WriteLine($"demo took {clock.Elapsed.TotalMinutes:0.0} min");
            Console.Out.WriteLine("next: nativeseg synth --out data --preset quick, then nativeseg experiment --protocol 2d3d --data data --out exp, then nativeseg sweep --models-from exp --out " +
                "sweep");
            return 0;
        }));
        return command;
    }
}
