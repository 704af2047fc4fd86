using System.CommandLine;
using NativeSeg.Cli.Progress;
using NativeSeg.Evaluation;
using NativeSeg.Experiments;
using NativeSeg.Nets;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg experiment`: one of the paper's protocols end to end; re-running continues where it stopped.</summary>
public sealed class ExperimentCommand : ICliCommand
{
    public Command Build()
    {
        var protocol = new Option<string>("--protocol") { Description = "3d (Table 2) or 2d3d (Table 3)", Required = true };
        var data = new Option<string>("--data") { Description = "nnU-Net raw dataset with cases.tsv groups 3d-1mm, 3d-0.5mm, 2d and a labelled test set", Required = true };
        var output = new Option<string>("--out") { Description = "experiment folder (models, predictions, results, figures, report.md, run.json)", Required = true };
        var scale = new Option<string>("--scale") { Description = "quick (2-core CPU, ~1 h) or paper (the paper's settings)", DefaultValueFactory = _ => "quick" };
        var models = new Option<string>("--models") { Description = "comma separated model kinds", DefaultValueFactory = _ => "ra-unet,unet,unet-1mm" };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var command = new Command("experiment", "Run one of the paper's experiments: train, predict, evaluate, compare; writes report.md.");
        foreach (var o in new Option[] { protocol, data, output, scale, models, seed }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var settings = new ExperimentSettings(
                ExperimentProtocol.Parse(parse.GetValue(protocol)!), parse.GetValue(data)!, parse.GetValue(output)!,
                ExperimentScale.Parse(parse.GetValue(scale)!),
                parse.GetValue(models)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ModelKinds.Parse).Distinct().ToList(),
                parse.GetValue(seed));
            var result = TrainingProgressDisplay.Run(training => ExperimentRunner.Run(settings, new StepLines(training)));
            foreach (var table in result.Tables)
            {
                AnsiConsole.MarkupLine($"[bold]Trained on {Markup.Escape(table.Set.Name)}[/] (Dice, mean (sd))");
                Console.Out.Write(ComparisonReport.Markdown(table.Comparison));
            }
            Console.Out.WriteLine($"report: {result.Layout.Report}");
            return 0;
        }));
        return command;
    }

    private sealed class StepLines(Training.ITrainingProgress training) : IExperimentProgress
    {
        public void StepStarted(string step) => training.Message($"== {step}");
        public Training.ITrainingProgress? Training => training;
    }
}
