using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.CommandLine;
using NativeSeg.Cli.Progress;
using NativeSeg.Evaluation;
using NativeSeg.Experiments;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg experiment`: one of the paper's protocols end to end; re-running continues where it stopped.</summary>
public sealed class ExperimentCommand : ICliCommand
{
    /// <summary>Exit code when other processes still hold steps of the experiment (sysexits' EX_TEMPFAIL: try again later).</summary>
    public const int PendingExitCode = 75;

    public Command Build()
    {
        var protocol = new Option<string>("--protocol") { Description = "3d (Table 2) or 2d3d (Table 3); Dice against spacing is its own verb, sweep", Required = true };
        var data = new Option<string>("--data") { Description = "nnU-Net raw dataset with cases.tsv groups 3d-1mm, 3d-0.5mm, 2d and a labelled test set", Required = true };
        var set = new Option<string?>("--set") { Description = "train only this training set of the protocol (e.g. 3d-1mm)" };
        var output = new Option<string>("--out") { Description = "experiment folder (models, predictions, results, figures, report.md, run.json)", Required = true };
        var scale = new Option<string>("--scale") { Description = "quick (2-core CPU, ~1 h), cpu (the fair protocol: feature-matched U-Net, 32 mm patches, trained to plateau, 3 seeds; hours) or " +
            "paper (the paper's settings)", DefaultValueFactory = _ => "quick" };
        var models = new Option<string>("--models") { Description = "comma separated model kinds: ra-unet, unet, unet-1mm, and the ablation ra-unet-1mm (the RA-U-Net on the 1 mm grid)",
            DefaultValueFactory = _ => "ra-unet,unet,unet-1mm" };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var seeds = new Option<string?>("--seeds") { Description = "train every model once per seed, comma separated (e.g. 0,1,2); tables average over them and report the sd across seeds" };
        var folds = new Option<int?>("--folds")
        {
            Description = "K-fold cross-validation: each model trained K times, each validated on its fold (stratified by group, splits kept per seed), " +
                "and the test set predicted by the ensemble of the K",
        };
        var windowMm = new Option<double?>("--window-mm") { Description = "prediction window edge in mm instead of the scale's voxel window" };
        var recipe = new TrainingRecipeOptions();
        var cluster = new ExperimentClusterOptions();
        var command = new Command("experiment", "Run one of the paper's experiments: train, predict, evaluate, compare; writes report.md.");
        foreach (var o in new Option[] { protocol, data, output, scale, models, seed, set, windowMm, seeds, folds }) command.Options.Add(o);
        recipe.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var chosenScale = ExperimentScale.Parse(parse.GetValue(scale)!).WithWindowMm(parse.GetValue(windowMm));
            var kinds = ModelKinds.ParseList(parse.GetValue(models)!);
            var chosenProtocol = ExperimentProtocol.Parse(parse.GetValue(protocol)!);
            if (parse.GetValue(set) is { } only) chosenProtocol = chosenProtocol.Only(only);
            ExperimentSettings settings = new(
                chosenProtocol,
                parse.GetValue(data)!,
                parse.GetValue(output)!, chosenScale, kinds, parse.GetValue(seed)) { Recipe = recipe.Read(parse), Seeds = ParseSeeds(parse.GetValue(seeds)), Folds = parse.GetValue(folds) is int k
                    && k >= 2 ? k
                : parse.GetValue(folds) is int bad ? throw new UserInputException($"--folds {bad}: expected at least 2") : null };
            settings = cluster.Apply(parse, settings);
            var stepArguments = new List<string> { "experiment", "--protocol", settings.Protocol.Name, "--data", Path.GetFullPath(settings.DataDir),
                "--out", Path.GetFullPath(settings.OutDir), "--scale", parse.GetValue(scale)!, "--models", string.Join(",", kinds.Select(k => k.Name())),
                "--seeds", string.Join(",", settings.AllSeeds) };
            if (parse.GetValue(set) is { } onlySet) stepArguments.AddRange(["--set", onlySet]);
            if (settings.Folds is int foldCount) stepArguments.AddRange(["--folds", foldCount.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (parse.GetValue(windowMm) is double window) stepArguments.AddRange(["--window-mm", window.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
            foreach (var (flag, value) in settings.Recipe.Describe()) stepArguments.AddRange([flag, value]);
            if (cluster.Handle(parse, settings, stepArguments) is int handled) return handled;
            ExperimentResult result;
            try
            {
                result = TrainingProgressDisplay.Run(training => ExperimentRunner.Run(settings, new StepLines(training)));
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                e.Data[UserError.HintKey] = "the experiment's finished steps and its checkpoints are kept; the same command continues where it stopped";
                throw;
            }
            if (settings.OnlyStep is { } ranStep && ranStep != ExperimentPlan.ReportStep)
            {
                var record = result.Steps.LastOrDefault();
                string what = settings.Shard is { } part ? $"step '{ranStep}' shard {part}" : $"step '{ranStep}'";
                Console.Out.WriteLine(record is { Elsewhere: true } ? $"{what} is held by another process" : $"{what} done");
                return record is { Elsewhere: true } ? PendingExitCode : 0;
            }
            if (result.Pending.Count > 0)
            {
                // EX_TEMPFAIL: this process did its share; the report needs the steps other processes still hold.
                Console.Out.WriteLine($"not finished: {string.Join(", ", result.Pending)} (steps held by another process: " +
                    $"{string.Join(", ", result.Steps.Where(r => r.Elsewhere).Select(r => r.Name))}); run the command again when they are done for the tables and report");
                return PendingExitCode;
            }
            foreach (var table in result.Tables)
            {
                AnsiConsole.MarkupLine($"[bold]Trained on {Markup.Escape(table.Set.Name)}[/] (Dice, mean (sd))");
                Console.Out.Write(ComparisonReport.Markdown(table.Comparison));
            }
            Console.Out.WriteLine($"report: {result.Layout.Report}");
            if (result.BrowserReport is { } browser) Console.Out.WriteLine($"in a browser: {browser.Index}{(browser.ViewerProblem is null ? "" : $" (static pictures: {browser.ViewerProblem})")}");
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<long> ParseSeeds(string? text)
    {
        if (text is null) return [];
        var seeds = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            seeds.Add(long.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long v) && v >= 0
                ? v : throw new UserInputException($"--seeds '{text}': expected non-negative whole numbers separated by commas"));
        if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count) throw new UserInputException($"--seeds '{text}': expected one or more distinct seeds");
        return seeds;
    }

    internal sealed class StepLines(Training.ITrainingProgress training) : IExperimentProgress
    {
        public void StepStarted(string step) => training.Message($"== {step}");
        public Training.ITrainingProgress? Training => training;
    }
}
