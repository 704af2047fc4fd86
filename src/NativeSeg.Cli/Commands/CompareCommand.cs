using System.CommandLine;
using NativeSeg.Evaluation;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg compare --results A.csv B.csv ...`: the paper's table with paired Wilcoxon tests and Bonferroni correction, and box plots.</summary>
public sealed class CompareCommand : ICliCommand
{
    public Command Build()
    {
        var results = new Option<string[]>("--results") { Description = "results CSVs from `nativeseg evaluate`, one per model; A+B+C averages each case over those CSVs " +
            "(one model's training seeds) first", Required = true, AllowMultipleArgumentsPerToken = true };
        var names = new Option<string?>("--names") { Description = "model names, comma separated (default: file names)" };
        var metric = new Option<string>("--metric") { Description = "metric column to compare", DefaultValueFactory = _ => "dice" };
        var wilcoxon = new Option<string>("--wilcoxon") { Description = "auto (the exact permutation p for up to 50 non-zero pairs, ties and zeros included; the normal approximation above), " +
            "exact, or asymptotic (tie-corrected normal approximation, no continuity correction). SciPy's method='auto' approximates instead for samples with ties or zeros, so for 14-50 such " +
            "pairs its p differs from auto's exact one", DefaultValueFactory = _ => "auto" };
        var alpha = new Option<double>("--alpha") { Description = "significance level after Bonferroni correction", DefaultValueFactory = _ => 0.05 };
        var json = new Option<bool>("--json") { Description = "print JSON (comparisons and table) instead of markdown" };
        var pairs = new Option<bool>("--pairs") { Description = "also print every paired test behind the table (group, pair, mean difference, cases above, p, Bonferroni p)" };
        var perSubject = new Option<bool>("--per-subject") { Description = "average each subject's acquisitions first (case names SUBJECT-ACQUISITION, as `sweep` writes them), so paired tests " +
            "count subjects, not acquisitions" };
        var pair = new Option<string[]>("--pair") { Description = "test only this pair of models, A,B by name (repeatable; default: every pair): " +
            "a protocol's own comparisons (each model against its ensemble, say), and Bonferroni over those alone" };
        var plotDir = new Option<string?>("--plot-dir") { Description = "folder for the box plot PNG (default: beside the first results file)" };
        var command = new Command("compare", "Compare models on paired cases: mean (sd) per group, Wilcoxon signed-rank, Bonferroni, box plot.");
        foreach (var o in new Option[] { results, names, metric, alpha, json, plotDir, wilcoxon, pairs, pair, perSubject }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var files = parse.GetValue(results)!;
            var labels = parse.GetValue(names)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                         ?? files.Select(f => Path.GetFileNameWithoutExtension(f)).ToArray();
            if (labels.Length != files.Length) throw new UserInputException($"--names gives {labels.Length} names for {files.Length} results files");
            string column = parse.GetValue(metric)!;
            var loaded = files.Select((f, i) => (labels[i], parse.GetValue(perSubject) ? SubjectAverage.PerSubject(Read(f)) : Read(f))).ToList();
            foreach (var (label, rows) in loaded)
                if (rows.Count > 0 && !rows[0].Values.ContainsKey(column))
                    throw new UserInputException($"{files[labels.ToList().IndexOf(label)]}: no column '{column}'");
            var method = parse.GetValue(wilcoxon)!.Trim().ToLowerInvariant() switch
            {
                "auto" => WilcoxonMethod.Auto,
                "exact" or "permutation" => WilcoxonMethod.Exact,
                "asymptotic" => WilcoxonMethod.Asymptotic,
                var other => throw new UserInputException($"--wilcoxon '{other}': expected auto, exact or asymptotic"),
            };
            var tested = parse.GetValue(pair) is { Length: > 0 } named ? named.Select(ParsePair).ToList() : null;
            var comparison = new ModelComparison(loaded.Select(x => (x.Item1, x.Item2)).ToList(), column, parse.GetValue(alpha), method, tested);
            string dir = parse.GetValue(plotDir) ?? Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
            Directory.CreateDirectory(dir);
            string png = Path.Combine(dir, $"boxplot_{column}.png");
            BoxPlot.Write(png, column, loaded.Select(x => (x.Item1, x.Item2)).ToList());
            if (parse.GetValue(json)) Console.Out.WriteLine(ComparisonReport.JsonText(comparison));
            else
            {
                Console.Out.Write(ComparisonReport.Markdown(comparison));
                if (parse.GetValue(pairs)) Console.Out.Write(Environment.NewLine + ComparisonReport.PairsMarkdown(comparison));
                Console.Out.WriteLine($"Box plot: {png}");
            }
            return 0;
        }));
        return command;
    }

    private static (string A, string B) ParsePair(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries) is [var a, var b] && a.Length > 0 && b.Length > 0
            ? (a, b) : throw new UserInputException($"--pair '{text}': expected two model names, A,B");

    /// <summary>One results CSV, or several joined by '+' (a model's seeds) averaged per case.</summary>
    private static IReadOnlyList<CaseResult> Read(string spec) =>
        spec.Contains('+') ? SeedAverage.PerCase(spec.Split('+').Select(ResultsCsv.Read).ToList()) : ResultsCsv.Read(spec);
}
