using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Evaluation;
using NativeSeg.Inference;
using NativeSeg.Phantom;

namespace NativeSeg.Experiments.Sweep;

public sealed record SweepResult(SweepLayout Layout, string TrainingSet, IReadOnlyList<SweepModel> Models,
    IReadOnlyList<(string Model, IReadOnlyList<CaseResult> Rows)> Results, ModelComparison BySpacing, ModelComparison ByPlane,
    string Figure, IReadOnlyList<StepRecord> Steps);

/// <summary>
/// Tests trained models on the same phantom subjects acquired on every grid of a <see cref="SweepPlan"/> (truth
/// rasterized on each grid), so Dice differences between grids come from resolution, not from different brains.
/// One resumable step per grid and plane (all models, all subjects); then the tables, the plot and report.md.
/// </summary>
public static class SweepRunner
{
    public static SweepResult Run(SweepSettings s, IExperimentProgress? progress = null)
    {
        var started = DateTime.UtcNow;
        var (set, models) = SweepModels.Find(s.ModelsFrom, s.TrainingSet, s.Models);
        var layout = new SweepLayout(s.OutDir);
        Directory.CreateDirectory(s.OutDir);
        var ledger = new StepLedger(layout.Steps);
        // Loaded on first need, so a finished sweep only re-reports.
        var predictors = new Dictionary<ModelKind, IVolumePredictor>();
        var subjects = new Dictionary<int, PhantomSubject>();
        var points = s.Plan.Points();
        int done = 0, total = points.Count * s.Plan.Planes.Count;
        foreach (var point in points)
            foreach (var plane in s.Plan.Planes)
            {
                var grid = s.Plan.Grid(point, plane);
                ledger.Run($"sweep {Planes.Name(plane)} {point.Label}", () =>
                {
                    progress?.StepStarted($"[{done + 1}/{total}] {grid}: {s.Plan.Subjects} subject(s) x {models.Count} model(s)");
                    var rows = models.ToDictionary(m => m.Kind, _ => new List<CaseResult>());
                    for (int i = 0; i < s.Plan.Subjects; i++)
                    {
                        if (!subjects.TryGetValue(i, out var subject))
                            subjects[i] = subject = PhantomSubject.Create(s.Seed, SweepPlan.SubjectOffset + i, s.Plan.SubjectOptions);
                        var acquisition = subject.Acquire(grid);
                        var truth = acquisition.Image.WithVoxels(acquisition.Truth.Select(b => (float)b).ToArray());
                        foreach (var m in models)
                        {
                            if (!predictors.TryGetValue(m.Kind, out var predictor))
                                predictors[m.Kind] = predictor = Predictors.Load(m.Directory, s.Scale.Prediction);
                            var mask = predictor.Predict(acquisition.Image).MaskVolume();
                            rows[m.Kind].Add(new CaseResult(SweepCase.Name(i, plane), point.Label, MetricColumns.Of(CaseMetrics.Compute(mask, truth))));
                        }
                    }
                    foreach (var m in models)
                    {
                        string path = layout.GridResults(m.Kind, point, plane);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        ResultsCsv.Write(path, rows[m.Kind]);
                    }
                });
                done++;
            }

        var results = models.Select(m => (m.Kind.Name(), (IReadOnlyList<CaseResult>)points
            .SelectMany(pt => s.Plan.Planes.SelectMany(pl => ResultsCsv.Read(layout.GridResults(m.Kind, pt, pl)))).ToList())).ToList();
        foreach (var (m, (_, rows)) in models.Zip(results)) ResultsCsv.Write(layout.Results(m.Kind), rows);
        var bySpacing = new ModelComparison(results, "dice");
        // Per plane, a subject's acquisitions at different spacings are different cases.
        var byPlane = new ModelComparison(results.Select(r => (r.Item1, (IReadOnlyList<CaseResult>)r.Item2
            .Select(x => x with { Case = $"{x.Case} {x.Group}", Group = SweepCase.Plane(x.Case) }).ToList())).ToList(), "dice");
        Directory.CreateDirectory(Path.GetDirectoryName(layout.Figure)!);
        SweepPlot.Write(layout.Figure, s.Plan, results);
        var result = new SweepResult(layout, set, models, results, bySpacing, byPlane, layout.Figure, ledger.Steps);
        SweepReport.Write(s, result, started);
        return result;
    }
}
