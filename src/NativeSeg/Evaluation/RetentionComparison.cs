using System.Globalization;
using System.Text;
using NativeSeg.Evaluation.Challenges;
using NativeSeg.Plots;
using ScottPlot;

namespace NativeSeg.Evaluation;

/// <summary>One model's mean error-retention curve, as `evaluate --preset shifts2022 --uncertainty` writes it.</summary>
public sealed record RetentionCurve(string Name, double[] MeanNdsc)
{
    /// <summary>R-AUC of the mean curve: the trapezoid area is linear in the curve, so this is the mean of the cases' R-AUC.</summary>
    public double RAuc => ErrorRetention.RAuc(MeanNdsc);
}

/// <summary>
/// Several models' mean error-retention curves (Shifts 2022) side by side: a table of their R-AUC and of their nDSC with
/// every voxel kept, and one picture. The curves must sit on Shifts 2022's retention fractions, so their areas compare.
/// </summary>
public static class RetentionComparison
{
    /// <summary>A <c>&lt;out&gt;_retention.csv</c> (fraction, mean_ndsc); one line naming the file when it is not one.</summary>
    public static RetentionCurve Read(string path, string name)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: not found");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0 || lines[0].Trim() != RetentionPlot.CsvHeader)
            throw new UserInputException($"{path}: not a retention curve (expected the header {RetentionPlot.CsvHeader} that evaluate --preset shifts2022 --uncertainty writes)");
        var fractions = ErrorRetention.Fractions;
        if (lines.Length - 1 != fractions.Count)
            throw new UserInputException($"{path}: {lines.Length - 1} points; Shifts 2022's retention curve has {fractions.Count}");
        var values = new double[fractions.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var cells = lines[i + 1].Split(',');
            if (cells.Length != 2 || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double f)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw new UserInputException($"{path}: line {i + 2}: expected two numbers");
            if (Math.Abs(f - fractions[i]) > 1e-5)
                throw new UserInputException($"{path}: line {i + 2}: retention fraction {cells[0]}, not Shifts 2022's {fractions[i]:0.######}");
        }
        return new RetentionCurve(name, values);
    }

    public static string Markdown(IReadOnlyList<RetentionCurve> curves)
    {
        var b = new StringBuilder();
        b.AppendLine("| model | R-AUC of nDSC (mean curve) | nDSC, every voxel kept |");
        b.AppendLine("|---|---|---|");
        double best = curves.Min(c => c.RAuc);
        foreach (var c in curves)
        {
            string area = c.RAuc.ToString("0.0000", CultureInfo.InvariantCulture);
            b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Name} | {(c.RAuc == best ? $"**{area}**" : area)} | {c.MeanNdsc[^1]:0.000} |"));
        }
        return b.ToString();
    }

    /// <summary>Every model's mean curve, its R-AUC in the legend (lower is better: its errors are where it is unsure).</summary>
    public static void Plot(string pngPath, IReadOnlyList<RetentionCurve> curves)
    {
        var fractions = ErrorRetention.Fractions.ToArray();
        var plot = new Plot();
        foreach (var (c, index) in curves.Select((c, i) => (c, i)))
        {
            var line = plot.Add.ScatterLine(fractions, c.MeanNdsc);
            line.LineWidth = 2;
            line.Color = FigureStyle.SeriesColor(index, curves.Count);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{c.Name} (R-AUC {c.RAuc:0.0000})");
        }
        RetentionPlot.SaveFramed(plot, pngPath, "mean nDSC", 1000);
    }
}
