using NativeSeg.Experiments.Sweep;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Evaluation;
using NativeSeg.Experiments;

namespace NativeSeg.Tests.Experiments;

public class SweepTests
{
    private static readonly SweepPlan Small = new([1.5], [1.5, 4], [Plane.Axial, Plane.Coronal], 1, 24);

    internal static void SaveUntrainedModels(string root)
    {
        foreach (var kind in ExperimentSettings.AllModels)
        {
            var config = ExperimentScale.Tiny.Config(kind);
            using var net = NetFactory.Create(config);
            ModelDirectory.Save(Path.Combine(root, kind.Name()), net, config);
        }
    }

    [Fact]
    public void QuickPlanCoversTheIssuesRangeWithoutSlicesThinnerThanPixels()
    {
        var plan = ExperimentScale.Quick.Sweep;
        var points = plan.Points();
        Assert.Equal(8, points.Count);                                  // 3 x 3 minus 1.5 mm pixels in 1 mm slices
        Assert.All(points, p => Assert.True(p.SliceMm >= p.InPlaneMm));
        Assert.Equal(0.4, points.Min(p => p.InPlaneMm));
        Assert.Equal(1.5, points.Max(p => p.InPlaneMm));
        Assert.Equal(1, points.Min(p => p.SliceMm));
        Assert.Equal(6, points.Max(p => p.SliceMm));
        Assert.Equal(48, plan.Acquisitions);
        Assert.Equal("0.4x0.4x3", new SweepPoint(0.4, 3).Label);
    }

    [Fact]
    public void SweepTestsEveryModelOnTheSameAcquisitionsAndResumes()
    {
        using var dir = new TempFolder();
        SaveUntrainedModels(dir.File("models"));
        var settings = new SweepSettings(dir.File("models"), dir.File("sweep"), ExperimentScale.Tiny, ExperimentSettings.AllModels, Seed: 2) { Plan = Small };
        var result = SweepRunner.Run(settings);

        Assert.Equal(["1.5x1.5x1.5", "1.5x1.5x4", ModelComparison.Combined], result.BySpacing.Groups);
        Assert.Equal(["axial", "coronal", ModelComparison.Combined], result.ByPlane.Groups);
        Assert.All(result.BySpacing.Cells.Where(c => c.Group != ModelComparison.Combined), c => Assert.Equal(2, c.Value.N));
        // every model is scored against the same truth: one subject per plane and spacing
        var truth = result.Results.Select(r => r.Rows.Select(x => (x.Case, x.Group, x["volume_truth_ml"])).ToList()).ToList();
        Assert.All(truth, t => Assert.Equal(truth[0], t));
        Assert.Equal(4, truth[0].Count);
        Assert.All(truth[0], t => Assert.True(t.Item3 > 0, "the phantom subject has lesions inside the field of view"));
        // the same subject, so the same lesions: the truth volume on the thick-slice grid is within reach of the thin one
        double thin = truth[0].Where(t => t.Group == "1.5x1.5x1.5").Average(t => t.Item3!.Value);
        double thick = truth[0].Where(t => t.Group == "1.5x1.5x4").Average(t => t.Item3!.Value);
        Assert.InRange(thick / thin, 0.5, 1.5);
        Assert.All(result.Results.SelectMany(r => r.Rows), r => Assert.InRange(r["dice"]!.Value, 0, 1));

        string report = File.ReadAllText(result.Layout.Report);
        Assert.Contains("| model | 1.5x1.5x1.5 | 1.5x1.5x4 | combined |", report);
        Assert.Contains("| model | axial | coronal | combined |", report);
        Assert.True(File.Exists(result.Figure));
        Assert.True(File.Exists(result.Layout.RunJson));
        Assert.Equal(4, ResultsCsv.Read(result.Layout.Results(ModelKind.RaUNet)).Count);

        var again = SweepRunner.Run(settings);
        Assert.All(again.Steps, s => Assert.True(s.Skipped));
        foreach (var model in result.BySpacing.Models)
            Assert.Equal(result.BySpacing.Cell(ModelComparison.Combined, model).Value, again.BySpacing.Cell(ModelComparison.Combined, model).Value);
    }

    [Fact]
    public void AMissingModelIsNamedInOneLine()
    {
        using var dir = new TempFolder();
        SaveUntrainedModels(dir.File("models"));
        Directory.Delete(dir.File("models/unet"), recursive: true);
        var e = Assert.Throws<FileNotFoundException>(() => SweepModels.Find(dir.File("models"), null, ExperimentSettings.AllModels));
        Assert.Contains("unet", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => SweepModels.Find(dir.File("nowhere"), null, ExperimentSettings.AllModels));
    }
}
