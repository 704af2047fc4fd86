using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using NativeSeg.Data;
using NativeSeg.Imaging.Resampling;
using NativeSeg.Inference;
using NativeSeg.Training;

namespace NativeSeg.Experiments;

/// <summary>
/// How long a training or prediction step should take, from the images' headers and the measured convolution rates
/// (<see cref="ComputeEstimate"/>): Slurm's --time. Training = the step budget's optimizer steps on the costliest
/// patch, plus every epoch's validation; prediction = every window of every test case. Null when a header cannot be
/// read (the caller falls back to a fixed limit).
/// </summary>
public static class StepTime
{
    public static double? Training(TrainingOptions o, IReadOnlyList<DatasetCase> cases, int cores)
    {
        var grids = Grids(o.Config, cases);
        if (grids is null || grids.Count == 0) return null;
        var patches = grids.Select(g => (o.PatchSize.For(g.Spacing), g.Spacing)).Distinct().ToList();
        double step = ComputeEstimate.TrainingStepSeconds(o.Config, patches, cores).Max();
        int validationCases = Math.Max(1, (int)Math.Round(o.ValidationFraction * grids.Count));
        // Whole-volume validation runs the net on the largest held-out volumes; patch validation on two patches each.
        var validated = o.ValidateOn == ValidationMode.Whole
            ? grids.OrderByDescending(g => g.Shape.Count).Take(validationCases).Select(g => (g.Shape, g.Spacing)).ToList()
            : [.. patches.Take(1).SelectMany(p => Enumerable.Repeat(p, 2 * validationCases))];
        double validation = ComputeEstimate.InferenceSeconds(o.Config, validated, cores).Sum();
        return (double)o.EpochLimit * o.StepsPerEpoch * step + o.EpochLimit * validation;
    }

    public static double? Prediction(ModelConfig config, PredictionOptions prediction, IReadOnlyList<DatasetCase> cases, int cores)
    {
        var grids = Grids(config, cases);
        if (grids is null || grids.Count == 0) return null;
        var passes = new List<(Shape3, Spacing)>();
        foreach (var (shape, spacing) in grids)
        {
            if (prediction.Window(spacing) is { } window)
            {
                var sliding = new SlidingWindow(shape, window, prediction.StepFraction);
                passes.AddRange(Enumerable.Repeat((sliding.Patch, spacing), sliding.Tiles.Count));
            }
            else passes.Add((shape, spacing));
        }
        return ComputeEstimate.InferenceSeconds(config, passes, cores).Sum();
    }

    /// <summary>Each case's grid as the net sees it (resampled to the model's target grid when it has one).</summary>
    private static List<(Shape3 Shape, Spacing Spacing)>? Grids(ModelConfig config, IReadOnlyList<DatasetCase> cases)
    {
        var grids = new List<(Shape3, Spacing)>();
        foreach (var c in cases)
        {
            NiftiHeader header;
            try { header = NiftiReader.ReadHeader(c.ImagePath); }
            catch (Exception e) when (e is IOException or InvalidDataException) { return null; }
            var shape = header.SpatialShape;
            var spacing = header.Spacing;
            if (config.Preprocessing.Grid.Target is { } target)
            {
                shape = Resampler.TargetGrid(shape, spacing, Affine.Diagonal(spacing), target).Shape;
                spacing = target;
            }
            grids.Add((shape, spacing));
        }
        return grids;
    }
}
