using NativeSeg.Evaluation;
using NativeSeg.Plots;
using ScottPlot;

namespace NativeSeg.Experiments.Sweep;

/// <summary>Dice against in-plane spacing: one colour per model, one line style per slice spacing; each point the mean over planes and subjects.</summary>
public static class SweepPlot
{
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
    // The legend draws markers but not line patterns, so the slice spacing is also told by the marker.
    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    public static void Write(string path, SweepPlan plan, IReadOnlyList<(string Model, IReadOnlyList<CaseResult> Rows)> results)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var points = plan.Points();
        double highest = 0;
        for (int m = 0; m < results.Count; m++)
            for (int k = 0; k < plan.SliceMm.Count; k++)
            {
                var line = points.Where(p => p.SliceMm == plan.SliceMm[k])
                    .Select(p => (p.InPlaneMm, Dice: MeanSd.Of(results[m].Rows.Where(r => r.Group == p.Label).Select(r => r["dice"]))))
                    .Where(p => p.Dice.N > 0).ToList();
                if (line.Count == 0) continue;
                highest = Math.Max(highest, line.Max(p => p.Dice.Mean));
                var scatter = plot.Add.Scatter(line.Select(p => p.InPlaneMm).ToArray(), line.Select(p => p.Dice.Mean).ToArray());
                scatter.Color = palette.GetColor(m);
                scatter.LinePattern = Patterns[k % Patterns.Length];
                scatter.LineWidth = 2;
                scatter.MarkerSize = 8;
                scatter.MarkerShape = Markers[k % Markers.Length];
                scatter.LegendText = $"{results[m].Model}, {plan.SliceMm[k]:0.##} mm slices";
            }
        plot.XLabel("in-plane spacing (mm)");
        plot.YLabel("Dice (mean over planes and subjects)");
        // From zero, so that a drop reads as its true size.
        plot.Axes.SetLimitsY(0, Math.Clamp(highest * 1.15, 0.1, 1.05));
        // Beside the plot: nine lines leave no free corner inside it.
        plot.ShowLegend(Edge.Right);
        PlotFile.SavePng(plot, path, 980, 480);
    }
}
