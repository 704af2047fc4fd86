using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NativeSeg.Experiments;

/// <summary>The parts every run report shares: the steps (ran now or done earlier, with durations) and the software versions.</summary>
public static class StepReport
{
    public static string Markdown(IReadOnlyList<StepRecord> steps)
    {
        var md = new StringBuilder();
        md.AppendLine("## Steps");
        md.AppendLine();
        md.AppendLine("| step | this run | seconds |");
        md.AppendLine("|---|---|---|");
        foreach (var step in steps)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {step.Name} | {(step.Skipped ? "done earlier" : "ran")} | {step.Seconds:0.0} |"));
        return md.ToString();
    }

    public static JsonArray Json(IReadOnlyList<StepRecord> steps) =>
        new(steps.Select(x => (JsonNode)new JsonObject { ["name"] = x.Name, ["skipped"] = x.Skipped, ["seconds"] = x.Seconds }).ToArray());

    public static JsonObject Versions() => new()
    {
        ["nativeseg"] = ProductVersion.Full,
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
        ["dotnet"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["cores"] = Environment.ProcessorCount,
    };
}
