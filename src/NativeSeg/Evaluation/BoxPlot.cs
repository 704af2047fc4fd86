using NativeSeg.Plots;
using ScottPlot;

namespace NativeSeg.Evaluation;

/// <summary>Box plots of one metric: per group a cluster of boxes, one per model (median, quartiles, whiskers at min/max).</summary>
public static class BoxPlot
{
    public static void Write(string path, string metric, IReadOnlyList<(string Model, IReadOnlyList<CaseResult> Rows)> results)
    {
        var groups = results.SelectMany(r => r.Rows.Select(x => x.Group)).Distinct().ToList();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int m = 0; m < results.Count; m++)
        {
            var boxes = new List<Box>();
            for (int g = 0; g < groups.Count; g++)
            {
                var v = results[m].Rows.Where(r => r.Group == groups[g]).Select(r => r[metric])
                    .Where(x => x is { } d && double.IsFinite(d)).Select(x => x!.Value).OrderBy(x => x).ToArray();
                if (v.Length == 0) continue;
                boxes.Add(new Box
                {
                    Position = g * (results.Count + 1) + m,
                    BoxMin = Quantile(v, 0.25),
                    BoxMiddle = Quantile(v, 0.5),
                    BoxMax = Quantile(v, 0.75),
                    WhiskerMin = v[0],
                    WhiskerMax = v[^1],
                    FillColor = palette.GetColor(m).WithAlpha(0.6),
                });
            }
            var added = plot.Add.Boxes(boxes);
            added.LegendText = results[m].Model;
            // Every case as a point over its box: a group of one or two cases has no box to speak of.
            var xs = new List<double>();
            var ys = new List<double>();
            for (int g = 0; g < groups.Count; g++)
                foreach (var r in results[m].Rows.Where(r => r.Group == groups[g]))
                    if (r[metric] is double d && double.IsFinite(d)) { xs.Add(g * (results.Count + 1) + m); ys.Add(d); }
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.Color = palette.GetColor(m).Darken(0.4);
            points.MarkerSize = 5;
        }
        double[] ticks = groups.Select((_, g) => g * (results.Count + 1) + (results.Count - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, groups.ToArray());
        plot.YLabel(metric);
        FigureStyle.LegendBeside(plot);
        PlotFile.SavePng(plot, path, 320 + 120 * groups.Count * results.Count, 420);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default percentile).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
