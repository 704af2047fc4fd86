using NativeSeg.Nets.Execution;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Imaging;
using NativeSeg.Training.Augmentation;

namespace NativeSeg.Training;

/// <summary>
/// training.json in a model folder: how the model was trained, read from the run itself: data, held-out validation
/// cases, every setting of the recipe (rates, schedule, loss, patch, augmentation, grids, seed, stopping rule), and
/// how the run went (epochs, steps, best epoch, why it stopped). Written when training starts and after every epoch,
/// so a report or `model-info` states what happened, not what a scale would have done.
/// </summary>
public static class TrainingRecord
{
    public const string FileName = "training.json";

    public static JsonObject Of(TrainingOptions o, IReadOnlyList<TrainingCase> train, IReadOnlyList<TrainingCase> validation) => new()
    {
        ["nativeseg"] = ProductVersion.Short,
        ["data"] = Path.GetFullPath(o.DataDir),
        ["groups"] = new JsonArray(o.Groups.Select(g => (JsonNode?)g).ToArray()),
        ["training_cases"] = new JsonArray(train.Select(c => (JsonNode?)c.Name).ToArray()),
        ["validation_cases"] = new JsonArray(validation.Select(c => (JsonNode?)c.Name).ToArray()),
        ["training_grids"] = new JsonArray(train.Select(c => c.Spacing).Distinct().Select(s => (JsonNode?)s.ToString()).ToArray()),
        ["seed"] = o.Seed,
        ["fold"] = o.Fold is { } f ? new JsonObject { ["folds"] = f.Folds, ["index"] = f.Index, ["splits"] = Path.GetFullPath(f.SplitsPath) } : null,
        ["patch"] = o.PatchSize.ToString(),
        ["pad_to_patch"] = o.PadToPatch,
        ["epochs"] = o.EpochLimit,
        ["steps_per_epoch"] = o.StepsPerEpoch,
        ["stopping"] = $"best validation loss; stop after {o.PatienceEpochs} epochs without a better one" + (o.MaxSteps is int s ? $" or at {s} steps" : "") + (o.MaxMinutes is double m
            ? $" or after {m} minutes" : ""),
        ["learning_rates"] = new JsonObject
        {
            ["base"] = o.LearningRate, ["radial"] = o.RadialLearningRate, ["self_connection"] = o.SelfConnectionLearningRate, ["other"] = o.OtherLearningRate,
        },
        ["schedule"] = o.Schedule.Name(),
        ["loss"] = o.Loss.Name(),
        ["grad_clip"] = o.GradClip,
        ["head_bias_prior"] = o.HeadBiasPrior,
        ["validation"] = o.ValidateOn.Name(),
        ["augment"] = o.Augment.Name(),
        ["grid_augment"] = o.GridAugment,
        ["grid_range"] = o.GridAugment > 0 ? o.GridRange.ToString() : null,
        ["foreground_share"] = o.ForegroundShare,
        ["device"] = o.Device,
        ["precision"] = EnumNames.Name(ConvolutionPrecision.Resolve(o.Precision, training: true)),
    };

    /// <summary>The record with how the run went so far.</summary>
    /// <param name="finished">The run has ended: its stop reason is recorded too.</param>
    public static void Write(string modelDir, JsonObject record, TrainingSummary? progress, bool finished = false)
    {
        var copy = record.DeepClone().AsObject();
        if (progress is not null)
            copy["run"] = new JsonObject
            {
                ["epochs_run"] = progress.LastEpoch + 1,
                ["steps"] = progress.Log.Count > 0 ? progress.Log[^1].Steps : 0,
                ["best_epoch"] = progress.BestEpoch,
                ["steps_to_best"] = progress.StepsToBest,
                ["best_validation_loss"] = double.IsFinite(progress.BestValidationLoss) ? progress.BestValidationLoss : null,
                ["collapsed_at_epoch"] = Collapse.FirstEpoch(progress.Log),
            };
        if (progress is not null && finished) copy["run"]!["stopped"] = progress.Reason switch
        {
            StopReason.EarlyStopping => "early stopping", StopReason.StepBudget => "step budget", StopReason.TimeBudget => "time budget (--resume continues)", _ => "epoch limit",
        };
        AtomicFile.WriteText(Path.Combine(modelDir, FileName), copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The record of a model folder, or null when it has none (trained before version 0.2, or imported).</summary>
    public static JsonObject? Read(string modelDir)
    {
        string path = Path.Combine(modelDir, FileName);
        try { return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() : null; }
        catch (JsonException) { return null; }
    }

    /// <summary>One line for reports: cases, patch, rates, schedule, loss, augmentation, seed, stopping rule, how it ran.</summary>
    public static string Summary(JsonObject r)
    {
        string Value(string key) => r[key] is JsonValue v ? Convert.ToString(v.GetValue<object>(), CultureInfo.InvariantCulture) ?? "" : r[key]?.ToJsonString() ?? "";
        var rates = r["learning_rates"]?.AsObject();
        string adam = string.Join(", ", rates?.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key} {kv.Value!.ToJsonString()}") ?? []);
        var run = r["run"]?.AsObject();
        double grid = r["grid_augment"]?.GetValue<double>() ?? 0;
        return $"{r["training_cases"]?.AsArray().Count} training and {r["validation_cases"]?.AsArray().Count} validation cases, patches {Value("patch")}, "
               + $"Adam ({adam}), {Value("schedule")} schedule, {Value("loss")} loss, augmentation {Value("augment")}"
               + (grid > 0 ? $", random grids with p {grid.ToString(CultureInfo.InvariantCulture)} in {Value("grid_range")} mm" : "")
               + $", seed {Value("seed")}; {Value("stopping")}"
               + (run is null ? "" : $"; ran {run["epochs_run"]} epochs ({run["steps"]} steps), best epoch {run["best_epoch"]}")
               + (run?["collapsed_at_epoch"] is JsonValue collapsed ? $", collapsed at epoch {collapsed.ToJsonString()} (validation Dice 0)" : "");
    }
}
