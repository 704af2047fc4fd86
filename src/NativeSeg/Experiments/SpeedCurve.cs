using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Diagnostics;
using System.Globalization;
using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using NativeSeg.Plots;
using ScottPlot;

namespace NativeSeg.Experiments;

/// <summary>One inference grid of a speed curve: Dice over the labelled cases and the seconds a case took.</summary>
public sealed record SpeedPoint(Spacing? Grid, MeanSd Dice, double SecondsPerCase)
{
    public string Label => Grid is { } g ? $"{g} mm" : "native";
}

/// <summary>
/// Inference spacing as a speed knob: one model's Dice and seconds per case on a labelled set, predicted on
/// its native grids and on each coarser grid of a ladder (the same weights; the image resampled there and the
/// probabilities brought back, <see cref="PredictionOptions.InferenceSpacing"/>), so a user can pick a grid for a time
/// budget. Seconds are wall clock of the whole prediction (resampling both ways included), after one warm-up case.
/// </summary>
public static class SpeedCurve
{
    public static IReadOnlyList<SpeedPoint> Run(string modelDir, IReadOnlyList<DatasetCase> cases, IReadOnlyList<Spacing?> grids,
                                               PredictionOptions options, Action<string>? progress = null)
    {
        var labelled = cases.Where(c => c.LabelPath is not null).ToList();
        if (labelled.Count == 0) throw new InvalidDataException("speedcurve: no labelled test cases (imagesTs with labelsTs)");
        var images = labelled.Select(c => NiftiReader.Read(c.ImagePath)).ToList();
        var truths = labelled.Select(c => Mask.From(NiftiReader.Read(c.LabelPath!))).ToList();
        var points = new List<SpeedPoint>();
        foreach (var grid in grids)
        {
            var predictor = Predictors.Load(modelDir, options with { InferenceSpacing = grid });
            string label = grid is { } g ? $"{g} mm" : "native";
            progress?.Invoke($"{label}: warm-up on {labelled[0].Name}");
            predictor.Predict(images[0]);
            var dice = new List<double>();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < images.Count; i++)
            {
                progress?.Invoke($"{label}: {labelled[i].Name}");
                var mask = predictor.Predict(images[i]).Mask;
                dice.Add(OverlapMetrics.Dice(mask.Select(m => m != 0).ToArray(), truths[i]));
            }
            points.Add(new SpeedPoint(grid, MeanSd.Of(dice.Select(d => (double?)d)), clock.Elapsed.TotalSeconds / images.Count));
        }
        return points;
    }

    /// <summary>grid, dice_mean, dice_sd, seconds_per_case, speedup (against the first point).</summary>
    public static void WriteCsv(string path, IReadOnlyList<SpeedPoint> points) => AtomicFile.Write(path, stream =>
    {
        using var w = new StreamWriter(stream);
        w.WriteLine("grid,dice_mean,dice_sd,seconds_per_case,speedup");
        foreach (var p in points)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Label},{p.Dice.Mean:0.####},{p.Dice.Sd:0.####},{p.SecondsPerCase:0.###},{points[0].SecondsPerCase / p.SecondsPerCase:0.##}"));
    });

    /// <summary>Dice against seconds per case, each point named by its grid.</summary>
    public static void Plot(string path, string model, IReadOnlyList<SpeedPoint> points)
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(points.Select(p => p.SecondsPerCase).ToArray(), points.Select(p => p.Dice.Mean).ToArray());
        line.LineWidth = 2;
        line.MarkerSize = 9;
        line.LegendText = model;
        foreach (var p in points)
        {
            var text = plot.Add.Text(p.Label, p.SecondsPerCase, p.Dice.Mean);
            text.LabelFontSize = 13;
            text.LabelOffsetX = 6;
            text.LabelOffsetY = -18;
        }
        plot.XLabel("seconds per case");
        plot.YLabel("Dice (mean over cases)");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(0, points.Max(p => p.SecondsPerCase) * 1.2);
        plot.ShowLegend(Alignment.LowerRight);
        PlotFile.SavePng(plot, path, 760, 460);
    }
}
