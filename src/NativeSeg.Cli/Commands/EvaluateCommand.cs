using NativeSeg.Cli.Progress;
using System.CommandLine;
using NativeSeg.Data;
using NativeSeg.Imaging;
using NativeSeg.Evaluation;
using NativeSeg.Evaluation.Challenges;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg evaluate --pred DIR --truth DIR [--cases cases.tsv] [--out results.csv]`: per-case metrics and a mean (sd) summary per group.</summary>
public sealed class EvaluateCommand : ICliCommand
{
    private static readonly string[] Shown = ["dice", "lesion_tpr", "lesion_fpr", "lesion_f1", "abs_volume_diff_ml", "hd95_mm"];

    public Command Build()
    {
        var pred = new Option<string>("--pred") { Description = "folder of predicted masks (case.nii.gz)", Required = true };
        var truth = new Option<string>("--truth") { Description = "folder of truth masks (e.g. labelsTs)", Required = true };
        var cases = new Option<string?>("--cases") { Description = "cases.tsv giving each case's group" };
        var output = new Option<string>("--out") { Description = "per-case results CSV", DefaultValueFactory = _ => "results.csv" };
        var shard = new Option<string?>("--shard") { Description = "K/N: only the K-th of N round-robin shards of the name-sorted truth cases" };
        var threshold = new Option<double?>("--threshold") { Description = "foreground = value >= T (e.g. 0.5 for probability maps); default: masks must hold only 0 and 1" };
        var label = new Option<int?>("--label") { Description = "foreground = value == N (one label of a multi-label map)" };
        var preset = new Option<string?>("--preset") { Description = "write a challenge's official metrics instead: msseg2016, isbi2015, wmh2017 or shifts2022 (definitions and sources: " +
            "docs/evaluation/challenges.md)" };
        var lesions = new Option<string?>("--lesions") { Description = "also write every lesion of every case (truth and prediction): volume, world centroid (RAS mm), detected / missed / false " +
            "positive, overlapping ids" };
        var uncertaintyDir = new Option<string?>("--uncertainty")
        {
            Description = "folder of <case>_uncertainty.nii.gz maps (predict --uncertainty): --lesions adds each predicted lesion's mean uncertainty; with --preset shifts2022, " +
                "each case's error-retention curve and its area (shifts_r_auc, lower is better), and <out>_retention.png/.csv with the mean curve",
        };
        var uncertaintyKind = new Option<string>("--uncertainty-kind")
        {
            Description = "with --uncertainty: entropy (<case>_uncertainty, total uncertainty) or mutual-information (<case>_mutual-information, an ensemble's disagreement)",
            DefaultValueFactory = _ => "entropy",
        };
        var bids = new Option<bool>("--bids")
        {
            Description = "--pred and --truth are BIDS derivatives folders (predict --bids writes derivatives/nativeseg, synth --bids derivatives/truth): " +
                "masks *_label-lesion_mask.nii.gz under sub-*/[ses-*/]anat, paired by their entities",
        };
        var command = new Command("evaluate", "Dice, lesion-wise detection, volumes and HD95 of predictions against truth masks.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { pred, truth, cases, output, shard, threshold, label, preset, lesions, uncertaintyDir, uncertaintyKind, bids, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var part = parse.GetValue(shard) is { } shardText ? Shard.Parse(shardText) : null;
            if (parse.GetValue(threshold) is not null && parse.GetValue(label) is not null) throw new UserInputException("--threshold and --label: give one of them");
            if (parse.GetValue(threshold) is double th && !double.IsFinite(th)) throw new UserInputException($"--threshold {th}: expected a finite number");
            var binarize = new Binarization(parse.GetValue(threshold), parse.GetValue(label));
            string[] inputs = [.. new[] { parse.GetValue(pred)!, parse.GetValue(truth)! }.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d)),
                               .. parse.GetValue(cases) is { } tsv ? [tsv] : Array.Empty<string>()];
            OutputGuard.RequireNotAnInput(parse.GetValue(output)!, inputs);
            OutputGuard.RequireReplaceable(parse.GetValue(output)!, parse.GetValue(overwrite));
            string? lesionPath = parse.GetValue(lesions);
            if (lesionPath is not null) OutputGuard.RequireNotAnInput(lesionPath, inputs);
            if (lesionPath is not null) OutputGuard.RequireReplaceable(lesionPath, parse.GetValue(overwrite));
            var lesionRows = lesionPath is null ? null : new List<LesionRow>();
            var challenge = parse.GetValue(preset) is { } presetText ? ChallengeMetrics.Parse(presetText) : (ChallengePreset?)null;
            string? uncertainty = parse.GetValue(uncertaintyDir);
            if (parse.GetValue(bids) && uncertainty is not null) throw new UserInputException("--uncertainty with --bids: evaluate the uncertainty maps from a flat folder (predict --input/--output)");
            if (parse.GetValue(bids) && parse.GetValue(cases) is not null) throw new UserInputException("--cases with --bids: BIDS cases have no cases.tsv groups");
            var retention = new List<(string Case, double[] Curve)>();
            bool plotRetention = uncertainty is not null && challenge == ChallengePreset.Shifts2022;
            string outPath = parse.GetValue(output)!;
            string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath));
            string retentionPng = stem + "_retention.png", retentionCsv = stem + "_retention.csv";
            if (plotRetention)
                foreach (var path in new[] { retentionPng, retentionCsv })
                {
                    OutputGuard.RequireNotAnInput(path, inputs);
                    OutputGuard.RequireReplaceable(path, parse.GetValue(overwrite));
                }
            var rows = FolderEvaluation.Run(parse.GetValue(pred)!, parse.GetValue(truth)!, parse.GetValue(cases), shard: part, binarize: binarize, lesions: lesionRows, preset: challenge,
                uncertaintyDir: uncertainty, retention: retention, uncertaintySuffix: parse.GetValue(uncertaintyKind)!.Trim().ToLowerInvariant() switch
                {
                    "entropy" => NnUNetNames.UncertaintySuffix,
                    "mutual-information" => NnUNetNames.MutualInformationSuffix,
                    var other => throw new UserInputException($"--uncertainty-kind '{other}': expected entropy or mutual-information"),
                }, bids: parse.GetValue(bids));
            var shown = challenge is { } c
                ? ChallengeMetrics.For(c).Columns.Concat(plotRetention ? ChallengeMetrics.For(c).OptionalColumns : []).Select(col => col.Name).ToArray()
                : Shown;
            ResultsCsv.Write(outPath, rows);
            if (plotRetention && retention.Count > 0) RetentionPlot.Write(retentionPng, retentionCsv, retention);
            if (lesionPath is not null) LesionTable.Write(lesionPath, lesionRows!);
            var table = new Table().AddColumns(new[] { "group", "cases" }.Concat(shown).ToArray());
            foreach (var group in rows.Select(r => r.Group).Distinct().Append("overall"))
            {
                var inGroup = rows.Where(r => group == "overall" || r.Group == group).ToList();
                table.AddRow(new[] { group, inGroup.Count.ToString() }.Concat(shown.Select(m => MeanSd.Of(inGroup.Select(r => r[m])).Format())).ToArray());
            }
            ConsoleTables.Write(table);
            Console.Out.WriteLine($"{rows.Count} cases written to {parse.GetValue(output)}. Mean (sd). Notes: " +
                $"{(challenge is { } named ? $"{EnumNames.Name(named)} definitions, docs/evaluation/challenges.md" : MetricColumns.Notes)}");
            return 0;
        }));
        return command;
    }
}
