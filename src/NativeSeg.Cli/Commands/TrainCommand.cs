using NativeSeg.Nets.Model;
using System.CommandLine;
using NativeSeg.Cli.Progress;
using NativeSeg.Data;
using NativeSeg.Experiments;
using NativeSeg.Training;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg train`: one model on an nnU-Net raw dataset; resumable; best weights + training.csv/png in --out.</summary>
public sealed class TrainCommand : ICliCommand
{
    public Command Build()
    {
        var d = new TrainingOptions { DataDir = "", OutDir = "" };
        var data = new Option<string>("--data") { Description = "nnU-Net raw dataset folder (dataset.json, imagesTr, labelsTr, optional cases.tsv)", Required = true };
        var model = new Option<string>("--model") { Description = "ra-unet, unet, unet-1mm, or ra-unet-1mm (the RA-U-Net on the 1 mm grid, an ablation)", Required = true };
        var output = new Option<string>("--out") { Description = "model folder to write", Required = true };
        var scale = new Option<string>("--scale") { Description = "the sizes and recipe of an experiment scale: cpu (default: 2-core sizes, 32 mm patches, the fair protocol's rates and stopping " +
            "rule), quick, or paper (120^3 patches, full widths)", DefaultValueFactory = _ => ExperimentScale.Cpu.Name };
        var patch = new Option<int?>("--patch") { Description = "cubic patch edge in voxels (default: the scale's)" };
        var noPad = new Option<bool>("--no-pad") { Description = "do not zero pad patches where a volume is smaller than the patch" };
        var epochs = new Option<int?>("--epochs") { Description = "maximum number of epochs (default: the scale's)" };
        var steps = new Option<int?>("--steps-per-epoch") { Description = "training patches per epoch (default: the scale's)" };
        var patience = new Option<int?>("--patience") { Description = "early stopping: epochs without a better validation loss (default: the scale's)" };
        var seed = new Option<long>("--seed") { Description = "random seed (weights, patches, validation split)", DefaultValueFactory = _ => d.Seed };
        var folds = new Option<int?>("--folds") { Description = "K-fold cross-validation: train fold --fold of K; its validation cases are that fold's (stratified by cases.tsv group)" };
        var fold = new Option<int?>("--fold") { Description = "with --folds K: which fold, 0 to K-1" };
        var splits = new Option<string?>("--splits")
        {
            Description = "with --folds: the splits file every fold shares (nnU-Net's splits_final.json form; made from --seed the first time, reused after; " +
                "default: splits-<K>folds.json beside --out)",
        };
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its latest checkpoint" };
        var groups = new Option<string?>("--groups") { Description = "train on these cases.tsv groups only, comma separated" };
        var device = new Option<string>("--device") { Description = "cpu, or cuda when TorchSharp reports it available", DefaultValueFactory = _ => d.Device };
        var features = new Option<int?>("--features") { Description = "unet: level-0 feature channels (default: the scale's)" };
        var multiplicity = new Option<int?>("--irreps-multiplicity") { Description = "ra-unet: n in 4n x0e + 2n x1e + n x2e at level 0 (default: the scale's)" };
        var levels = new Option<int?>("--levels") { Description = "resolution levels (default: the scale's)" };
        var recipe = new TrainingRecipeOptions();
        var command = new Command("train", "Train a resolution-adaptive U-Net or a baseline U-Net (native or @1mm).");
        foreach (var o in new Option[] { data, model, output, scale, patch, noPad, epochs, steps, patience, seed, resume, groups, device, features, multiplicity, levels,
                     folds, fold, splits })
            command.Options.Add(o);
        recipe.AddTo(command);
        command.SetAction(parse => UserError.Guard(() =>
        {
            // The scale gives every size and the recipe; a flag given on the command line wins over it.
            var chosen = ExperimentScale.Parse(parse.GetValue(scale)!);
            var kind = ModelKinds.Parse(parse.GetValue(model)!);
            string[] groupNames = parse.GetValue(groups)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            var options = chosen.Training(parse.GetValue(data)!, parse.GetValue(output)!, kind, new TrainingSet("cli", groupNames), parse.GetValue(seed));
            var config = options.Config with
            {
                Features = parse.GetValue(features) ?? options.Config.Features,
                IrrepsMultiplicity = parse.GetValue(multiplicity) ?? options.Config.IrrepsMultiplicity,
                Levels = parse.GetValue(levels) ?? options.Config.Levels,
            };
            options = options with
            {
                Config = config,
                Patch = parse.GetValue(patch) ?? options.Patch,
                PatchMm = parse.GetValue(patch) is null ? options.PatchMm : null,   // --patch N voxels replaces the scale's patch in mm
                PadToPatch = options.PadToPatch && !parse.GetValue(noPad),
                Epochs = parse.GetValue(epochs) ?? options.Epochs,
                StepsPerEpoch = parse.GetValue(steps) ?? options.StepsPerEpoch,
                Patience = parse.GetValue(patience) ?? options.Patience,
                PatienceSteps = parse.GetValue(patience) is null ? options.PatienceSteps : null,
                Resume = parse.GetValue(resume),
                Fold = FoldOf(parse.GetValue(folds), parse.GetValue(fold), parse.GetValue(splits), parse.GetValue(output)!),
                Device = parse.GetValue(device)!,
            };
            options = recipe.Read(parse).ApplyTo(options);
            options.Validate();
            PrintClusters(options);
            TrainingSummary summary;
            try
            {
                summary = TrainingProgressDisplay.Run(p => RestartingTraining.Run(options, p, maxRestarts: 1));
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (Checkpoint.Find(options.OutDir) is not null)
            {
                e.Data[UserError.HintKey] = $"the run is saved after its last finished epoch in {options.OutDir}; the same command with --resume continues it";
                throw;
            }
            string ended = summary.Reason switch
            {
                StopReason.EarlyStopping => "stopped early",
                StopReason.StepBudget => "step budget reached",
                StopReason.TimeBudget => "time budget reached (--resume continues)",
                _ => "finished",
            };
            Console.Out.WriteLine($"{ended} after epoch {summary.LastEpoch}; best epoch {summary.BestEpoch} after {summary.StepsToBest} steps " +
                                  $"(val loss {summary.BestValidationLoss:0.0000}); model in {options.OutDir}");
            return 0;
        }));
        return command;
    }

    private static Fold? FoldOf(int? folds, int? index, string? splits, string output)
    {
        if (folds is null)
            return index is null && splits is null ? null : throw new UserInputException("--fold and --splits go with --folds K");
        if (index is null) throw new UserInputException($"--folds {folds}: give --fold, 0 to {folds - 1}");
        string parent = Path.GetDirectoryName(Path.GetFullPath(Path.TrimEndingDirectorySeparator(output)))!;
        return new Fold(folds.Value, index.Value, splits ?? Path.Combine(parent, $"splits-{folds}folds.json"));
    }

    private static void PrintClusters(TrainingOptions o)
    {
        var table = new Table().AddColumns("cases", "spacing (mm)", "planes");
        foreach (var cluster in SpacingClusters.OfTraining(o.DataDir, o.Groups))
            table.AddRow(cluster.Cases.Count.ToString(), cluster.Spacing.ToString(), string.Join(", ", cluster.Planes));
        ConsoleTables.Write(table);
    }
}
