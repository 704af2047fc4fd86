using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Experiments.Sweep;

/// <summary>The sweep's report.md (Dice per spacing and per plane, the plot, per-case CSVs, steps) and run.json.</summary>
public static class SweepReport
{
    public static void Write(SweepSettings s, SweepResult r, DateTime startedUtc)
    {
        var layout = r.Layout;
        var plan = s.Plan;
        string Rel(string path) => Path.GetRelativePath(layout.Root, path).Replace('\\', '/');
        var md = new StringBuilder();
        md.AppendLine("# NativeSeg resolution sweep: Dice against voxel spacing");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Models trained on **{r.TrainingSet}** (`{s.ModelsFrom}`): {string.Join(", ", r.Models.Select(m => m.Kind.Name()))}. " +
            $"{plan.Subjects} phantom subject(s) (seed {s.Seed}, subjects {SweepPlan.SubjectOffset}+, never in a synthesized training or test set), " +
            $"each acquired at in-plane {string.Join(", ", plan.InPlaneMm)} mm x slices {string.Join(", ", plan.SliceMm)} mm (slices at least as thick as pixels, no gap), " +
            $"planes {string.Join(", ", plan.Planes.Select(p => p.Name()))}, field of view {(plan.FieldOfViewMm is { } f ? $"{f} mm cube around the ventricles" : "whole brain")}: " +
            $"{plan.Acquisitions} acquisitions per model. Prediction {s.Scale.Prediction.Describe()}."));
        md.AppendLine();
        md.AppendLine("## Dice per spacing (in-plane x in-plane x slice, mm; all planes)");
        md.AppendLine();
        md.Append(ComparisonReport.Markdown(r.BySpacing));
        md.AppendLine();
        md.AppendLine($"![Dice against spacing]({Rel(r.Figure)})");
        md.AppendLine();
        md.AppendLine("## Dice per acquisition plane (all spacings)");
        md.AppendLine();
        md.Append(ComparisonReport.Markdown(r.ByPlane));
        md.AppendLine();
        md.AppendLine("Per-case results: " + string.Join(" · ", r.Models.Select(m => $"[{m.Kind.Name()}]({Rel(layout.Results(m.Kind))})")));
        md.AppendLine();
        md.Append(StepReport.Markdown(r.Steps));
        AtomicFile.WriteText(layout.Report, md.ToString());

        var json = new JsonObject
        {
            ["protocol"] = "sweep",
            ["models_from"] = Path.GetFullPath(s.ModelsFrom),
            ["training_set"] = r.TrainingSet,
            ["models"] = new JsonArray(r.Models.Select(m => (JsonNode)m.Kind.Name()).ToArray()),
            ["scale"] = s.Scale.Name,
            ["plan"] = JsonSerializer.SerializeToNode(plan, new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }),
            ["seed"] = s.Seed,
            ["versions"] = StepReport.Versions(),
            ["started_utc"] = startedUtc.ToString("o", CultureInfo.InvariantCulture),
            ["finished_utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["steps"] = StepReport.Json(r.Steps),
            ["by_spacing"] = ComparisonReport.Json(r.BySpacing),
            ["by_plane"] = ComparisonReport.Json(r.ByPlane),
        };
        AtomicFile.WriteText(layout.RunJson, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
