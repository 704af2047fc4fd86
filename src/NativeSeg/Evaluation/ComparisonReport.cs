using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NativeSeg.Evaluation;

/// <summary>Renders a <see cref="ModelComparison"/> in the paper's table form (markdown) and as JSON.</summary>
public static class ComparisonReport
{
    /// <summary>Rows = models, columns = groups (+ combined); best mean in bold, * = significantly better than every other model.</summary>
    public static string Markdown(ModelComparison c)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| model | {string.Join(" | ", c.Groups)} |");
        sb.AppendLine($"|---|{string.Concat(c.Groups.Select(_ => "---|"))}");
        foreach (var model in c.Models)
        {
            sb.Append($"| {model} |");
            foreach (var group in c.Groups)
            {
                var cell = c.Cell(group, model);
                string text = cell.Value.Format();
                if (cell.Best) text = $"**{text}**";
                if (cell.SignificantlyBest) text += " *";
                sb.Append($" {text} |");
            }
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Metric}: mean (sd) over cases; bold = best mean; * = better than every other model, two-sided Wilcoxon signed-rank on paired cases ({(c.Method switch { WilcoxonMethod.Exact => "exact permutation p", WilcoxonMethod.Asymptotic => "normal approximation", _ => $"exact permutation p up to {Wilcoxon.ExactUpTo} pairs, normal approximation above" })}), Bonferroni over {c.Comparisons.Count} comparisons, alpha {c.Alpha}."));
        return sb.ToString();
    }

    public static JsonObject Json(ModelComparison c) => new()
    {
        ["metric"] = c.Metric,
        ["alpha"] = c.Alpha,
        ["comparisons"] = new JsonArray(c.Comparisons.Select(x => (JsonNode)new JsonObject
        {
            ["group"] = x.Group,
            ["a"] = x.A,
            ["b"] = x.B,
            ["n"] = x.N,
            ["statistic"] = Finite(x.Statistic),
            ["p"] = x.P,
            ["p_bonferroni"] = x.PBonferroni,
        }).ToArray()),
        ["table"] = new JsonArray(c.Cells.Select(x => (JsonNode)new JsonObject
        {
            ["group"] = x.Group,
            ["model"] = x.Model,
            ["mean"] = Finite(x.Value.Mean),
            ["sd"] = Finite(x.Value.Sd),
            ["n"] = x.Value.N,
            ["best"] = x.Best,
            ["significant"] = x.SignificantlyBest,
        }).ToArray()),
    };

    public static string JsonText(ModelComparison c) => Json(c).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
