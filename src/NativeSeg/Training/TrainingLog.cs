using System.Globalization;
using NativeSeg.Imaging;
using ScottPlot;

namespace NativeSeg.Training;

/// <summary>
/// training.csv (epoch, train_loss, val_loss, val_dice, seconds, steps, grad_norm_median, grad_norm_max) and the training.png
/// curve beside it; files written before the later columns existed still read.
/// </summary>
public static class TrainingLog
{
    public const string CsvFile = "training.csv";
    public const string PlotFile = "training.png";

    public static void Write(string directory, IReadOnlyList<EpochRecord> records, bool plot = true)
    {
        AtomicFile.Write(Path.Combine(directory, CsvFile), stream =>
        {
            using var w = new StreamWriter(stream);
            w.WriteLine("epoch,train_loss,val_loss,val_dice,seconds,steps,grad_norm_median,grad_norm_max");
            foreach (var r in records)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Epoch},{r.TrainLoss:R},{r.ValidationLoss:R},{r.ValidationDice:R},{r.Seconds:0.###},{r.Steps},{r.GradNormMedian:R},{r.GradNormMax:R}"));
        });
        if (plot && records.Count > 0) Plot(Path.Combine(directory, PlotFile), records);
    }

    public static IReadOnlyList<EpochRecord> Read(string directory)
    {
        string path = Path.Combine(directory, CsvFile);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var c = l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return new EpochRecord((int)c[0], c[1], c[2], c[3], c[4], c.Length > 5 ? (long)c[5] : -1,
                                   c.Length > 7 ? c[6] : double.NaN, c.Length > 7 ? c[7] : double.NaN);
        }).ToList();
    }

    private static void Plot(string path, IReadOnlyList<EpochRecord> records)
    {
        var plot = new Plot();
        double[] epochs = records.Select(r => (double)r.Epoch).ToArray();
        plot.Add.ScatterLine(epochs, records.Select(r => r.TrainLoss).ToArray()).LegendText = "train loss (soft Dice)";
        plot.Add.ScatterLine(epochs, records.Select(r => r.ValidationLoss).ToArray()).LegendText = "validation loss";
        plot.Add.ScatterLine(epochs, records.Select(r => r.ValidationDice).ToArray()).LegendText = "validation Dice";
        Plots.FigureStyle.EpochAxis(plot);
        plot.Axes.SetLimitsY(0, 1);
        Plots.FigureStyle.LegendBeside(plot);
        Plots.PlotFile.SavePng(plot, path, 820, 400);
    }
}
