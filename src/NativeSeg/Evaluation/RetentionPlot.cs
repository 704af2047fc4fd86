using System.Globalization;
using NativeSeg.Evaluation.Challenges;
using NativeSeg.Imaging;
using NativeSeg.Plots;
using ScottPlot;

namespace NativeSeg.Evaluation;

/// <summary>
/// Shifts 2022's error-retention curves of an evaluation: every case's nDSC against the retained fraction (thin) and
/// their mean (thick), as a PNG, and the mean curve as a CSV (fraction, mean nDSC).
/// </summary>
public static class RetentionPlot
{
    /// <summary>The mean curve's CSV header, which <see cref="RetentionComparison.Read"/> checks.</summary>
    public const string CsvHeader = "fraction,mean_ndsc";

    public static void Write(string pngPath, string csvPath, IReadOnlyList<(string Case, double[] Curve)> curves)
    {
        var fractions = ErrorRetention.Fractions.ToArray();
        var mean = Enumerable.Range(0, fractions.Length).Select(i => curves.Average(c => c.Curve[i])).ToArray();
        var plot = new Plot();
        foreach (var (name, curve) in curves)
        {
            var line = plot.Add.ScatterLine(fractions, curve);
            line.Color = Colors.Gray.WithAlpha(0.5);
            line.LineWidth = 1;
        }
        var all = plot.Add.ScatterLine(fractions, mean);
        all.LineWidth = 3;
        all.Color = Colors.Blue;
        all.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean of {curves.Count} cases (R-AUC {ErrorRetention.RAuc(mean):0.000})");
        SaveFramed(plot, pngPath, "nDSC", 900);
        AtomicFile.WriteText(csvPath, CsvHeader + "\n" + string.Concat(fractions.Select((f, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{f:0.######},{mean[i]:0.######}\n"))));
    }

    /// <summary>Every retention picture's frame: the retained fraction across, nDSC up, both 0-1, the legend beside.</summary>
    internal static void SaveFramed(Plot plot, string pngPath, string yLabel, int width)
    {
        plot.Title("Error retention: the most uncertain voxels referred to a reader");
        plot.XLabel("retained fraction (most certain voxels first)");
        plot.YLabel(yLabel);
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        FigureStyle.LegendBeside(plot);
        PlotFile.SavePng(plot, pngPath, width, 520);
    }
}
