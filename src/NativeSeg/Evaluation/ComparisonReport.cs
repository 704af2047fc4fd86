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
            $"{c.Metric}: mean (sd) over cases; bold = best mean; * = {(c.EveryPairTested ? "" : "tested against and ")}better than every other model, " +
            $"two-sided Wilcoxon signed-rank on paired cases ({MethodText(c.Method)}), Bonferroni over {c.Comparisons.Count} comparisons, alpha {c.Alpha}."));
        return sb.ToString();
    }

    private static string MethodText(WilcoxonMethod method) => method switch
    {
        WilcoxonMethod.Exact => "exact permutation p",
        WilcoxonMethod.Asymptotic => "normal approximation",
        _ => $"exact permutation p up to {Wilcoxon.ExactUpTo} pairs, normal approximation above",
    };

    /// <summary>Every paired test behind the table: group, pair, pairs tested, mean difference (A - B), p and Bonferroni p.</summary>
    public static string PairsMarkdown(ModelComparison c)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| group | A vs B | pairs | mean A - B | cases A above B | p | p x " + c.Comparisons.Count.ToString(CultureInfo.InvariantCulture) + " (Bonferroni) |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var x in c.Comparisons)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {x.Group} | {x.A} vs {x.B} | {x.Pairs} | {x.MeanDifference:+0.000;-0.000;0.000} | {x.Above} of {x.Pairs} | {P(x.P)} | {P(x.PBonferroni)} |"));
        return sb.ToString();
    }

    /// <summary>Two significant digits; plain down to 0.001, then scientific.</summary>
    private static string P(double p)
    {
        if (!(p > 0)) return "0";
        double rounded = Math.Round(p, Math.Max(0, 1 - (int)Math.Floor(Math.Log10(p))));
        return p >= 1e-3 ? rounded.ToString("0.######", CultureInfo.InvariantCulture) : p.ToString("0.0e0", CultureInfo.InvariantCulture);
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
