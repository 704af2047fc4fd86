using System.Globalization;
using System.Text;
using ScottPlot;

namespace NativeSeg.Training;

/// <summary>One run's curve summary: where its validation was best and after how many optimizer steps.</summary>
public sealed record CurveSummary(string Name, int Epochs, long Steps, double BestValidationDice, long StepsToBestDice, double BestValidationLoss,
                                  long StepsToBestLoss, double LastValidationDice, double Seconds);

/// <summary>
/// Several training runs side by side (the RA training study): one curve per run of a training.csv column against
/// optimizer steps, and a table of best values and steps to reach them.
/// </summary>
public static class TrainingCurves
{
    public static readonly string[] Metrics = ["val_dice", "val_loss", "train_loss", "grad_norm_median", "grad_norm_max"];

    public static CurveSummary Summarize(string name, IReadOnlyList<EpochRecord> log)
    {
        if (log.Count == 0) throw new InvalidDataException($"{name}: {TrainingLog.CsvFile} has no epochs");
        var byDice = log.Where(r => double.IsFinite(r.ValidationDice)).DefaultIfEmpty(log[0]).MaxBy(r => r.ValidationDice)!;
        var byLoss = log.Where(r => double.IsFinite(r.ValidationLoss)).DefaultIfEmpty(log[0]).MinBy(r => r.ValidationLoss)!;
        return new CurveSummary(name, log.Count, StepsOf(log[^1]), byDice.ValidationDice, StepsOf(byDice), byLoss.ValidationLoss, StepsOf(byLoss),
                                log[^1].ValidationDice, log.Sum(r => r.Seconds));
    }

    /// <summary>Steps at the end of an epoch; files without the steps column count epochs instead (-1 marks them).</summary>
    private static long StepsOf(EpochRecord r) => r.Steps >= 0 ? r.Steps : -1;

    public static double Value(EpochRecord r, string metric) => metric switch
    {
        "val_dice" => r.ValidationDice,
        "val_loss" => r.ValidationLoss,
        "train_loss" => r.TrainLoss,
        "grad_norm_median" => r.GradNormMedian,
        "grad_norm_max" => r.GradNormMax,
        _ => throw new UserInputException($"metric '{metric}': expected {string.Join(", ", Metrics)}"),
    };

    public static void Plot(string path, IReadOnlyList<(string Name, IReadOnlyList<EpochRecord> Log)> runs, string metric)
    {
        var plot = new Plot();
        foreach (var ((name, log), index) in runs.Select((r, i) => (r, i)))
        {
            bool steps = log.All(r => r.Steps >= 0);
            double[] x = log.Select(r => steps ? r.Steps : (double)(r.Epoch + 1)).ToArray();
            var line = plot.Add.ScatterLine(x, log.Select(r => Value(r, metric)).ToArray());
            line.LegendText = name;
            line.MarkerSize = 3;
            line.Color = Plots.FigureStyle.SeriesColor(index, runs.Count);
        }
        Plots.FigureStyle.EpochAxis(plot, "optimizer steps");
        plot.YLabel(metric);
        bool unitRange = metric is "val_dice" or "val_loss" || (metric == "train_loss" && runs.All(r => r.Log.All(e => e.TrainLoss <= 1)));
        if (unitRange) plot.Axes.SetLimitsY(0, 1);
        Plots.FigureStyle.LegendBeside(plot);
        Plots.PlotFile.SavePng(plot, path, 900, 560);
    }

    public static string Markdown(IReadOnlyList<CurveSummary> rows)
    {
        var b = new StringBuilder();
        b.AppendLine("| run | epochs | steps | best val Dice | steps to it | best val loss | steps to it | last val Dice | minutes |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Epochs} | {r.Steps} | {r.BestValidationDice:0.000} | {r.StepsToBestDice} | {r.BestValidationLoss:0.000} | {r.StepsToBestLoss} | {r.LastValidationDice:0.000} | " +
                    $"{r.Seconds / 60:0.0} |"));
        return b.ToString();
    }
}
