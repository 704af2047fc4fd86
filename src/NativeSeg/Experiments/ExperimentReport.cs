using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Experiments;

/// <summary>report.md (the paper's tables, figures, training curves, steps) and run.json (versions, seeds, settings, durations).</summary>
public static class ExperimentReport
{
    /// <summary>The report's opening: protocol, scale, and the training controls each model ran with.</summary>
    public static string Header(ExperimentSettings s)
    {
        var md = new StringBuilder();
        md.AppendLine($"# NativeSeg experiment `{s.Protocol.Name}`: {s.Protocol.Title}");
        md.AppendLine();
        if (s.PretrainedModels is { } pretrained) return md.Append(Pretrained(s, pretrained)).ToString();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Scale **{s.Scale.Name}**: patches " +
            $"{((s.Recipe.PatchMm ?? s.Scale.Recipe.PatchMm) is double mm ? $"{mm:0.###} mm" : $"{s.Scale.Patch}³ voxels")}{(s.Scale.PadToPatch ? "" : " (clipped to the volume)")}, " +
            $"up to {s.Scale.Epochs} epochs of {s.Scale.StepsPerEpoch} steps, patience {s.Scale.Patience}, {s.Scale.Levels} levels, " +
            $"RA-U-Net level-0 irreps {LevelIrreps.Features(s.Scale.RaMultiplicity)}, U-Net level-0 features {s.Scale.UNetFeatures}; " +
            $"prediction {s.Scale.Prediction.Describe()}. Seed {s.Seed}. Data: `{s.DataDir}`."));
        var recipe = Controls(s);
        md.AppendLine();
        md.AppendLine(recipe.Count == 0 ? "Training controls: the paper's (soft Dice, Adam at one rate, radial cutoff on, validation on patches)."
            : "Training controls: " + string.Join(" ", recipe.Select(x => $"`{x.Flag} {x.Value}`")) + ".");
        var plain = s.Scale.PlainUNetRecipe.Describe().Where(x => !s.Recipe.Describe().Any(y => y.Flag == x.Flag)).ToList();
        if (plain.Count > 0)
            md.AppendLine("The plain U-Nets (unet, unet-1mm) instead: " + string.Join(" ", plain.Select(x => $"`{x.Flag} {x.Value}`")) + ".");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>
    /// The models were not trained here: say where they came from and how each was trained, from its own records
    /// (training.json, else training.csv), never from the scale's settings, which they did not use.
    /// </summary>
    private static string Pretrained(ExperimentSettings s, string folder)
    {
        var md = new StringBuilder();
        md.AppendLine($"Models: the pre-trained models in `{folder}` (not trained here; their README.md says how they were made). Prediction {s.Scale.Prediction.Describe()}. Data: `{s.DataDir}`.");
        md.AppendLine();
        foreach (var kind in s.Models)
        {
            string dir = Path.Combine(folder, kind.Name());
            var record = Training.TrainingRecord.Read(dir);
            var log = Training.TrainingLog.Read(dir);
            string how = record is not null ? Training.TrainingRecord.Summary(record)
                : log.Count == 0 ? "no training record"
                : string.Create(CultureInfo.InvariantCulture,
                    $"training.csv: {log.Count} epochs, {log[^1].Steps} steps, best validation Dice {log.Max(r => r.ValidationDice):0.000} (epoch {log.MaxBy(r => r.ValidationDice)!.Epoch})");
            md.AppendLine($"- `{kind.Name()}`: {how}");
        }
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>Per model and seed, each fold's best validation Dice (training.csv) and their mean.</summary>
    private static string FoldTable(ExperimentSettings s, ExperimentLayout layout, TrainingSet set, int folds)
    {
        var md = new StringBuilder();
        md.AppendLine($"| model | seed | {string.Join(" | ", Enumerable.Range(0, folds).Select(f => $"fold {f}"))} | mean |");
        md.AppendLine($"|---|---|{string.Concat(Enumerable.Repeat("---|", folds + 1))}");
        foreach (var kind in s.Models)
            foreach (long seed in s.AllSeeds)
            {
                var logs = Enumerable.Range(0, folds).Select(f => Training.TrainingLog.Read(layout.FoldModel(set, kind, s.SeedTag(seed), f))).ToList();
                var best = logs.Select(log => log.Count == 0 ? (double?)null : log.Max(r => r.ValidationDice)).ToList();
                string Cell(int f) => best[f] is not double d ? "-"
                    : d.ToString("0.000", CultureInfo.InvariantCulture) + (Training.Collapse.FirstEpoch(logs[f]) is int c ? $" (collapsed at epoch {c})" : "");
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind.Name()} | {seed} | {string.Join(" | ", Enumerable.Range(0, folds).Select(Cell))} | {MeanSd.Of(best).Format()} |"));
            }
        return md.ToString();
    }

    /// <summary>The scale's controls, then the command line's on top (a flag given twice: the command line's value).</summary>
    private static List<(string Flag, string Value)> Controls(ExperimentSettings s) =>
        s.Scale.Recipe.Describe().Concat(s.Recipe.Describe()).GroupBy(x => x.Flag).Select(g => g.Last()).ToList();

    public static void Write(ExperimentSettings s, ExperimentResult r, DateTime startedUtc)
    {
        var layout = r.Layout;
        string Rel(string path) => Path.GetRelativePath(layout.Root, path).Replace('\\', '/');
        var md = new StringBuilder(Header(s));
        foreach (var t in r.Tables)
        {
            md.AppendLine($"## Trained on {t.Set.Name} ({string.Join(" + ", t.Set.Groups)}): Dice on the test sets");
            md.AppendLine();
            md.Append(ComparisonReport.Markdown(t.Comparison));
            md.AppendLine();
            if (s.AllSeeds.Count > 1)
            {
                md.AppendLine($"The table above compares per-case Dice averaged over the training seeds {string.Join(", ", s.AllSeeds)}. " +
                              "Across seeds, mean (sd over seeds) of each seed's mean Dice:");
                md.AppendLine();
                md.Append(SeedTable(s, layout, t));
                md.AppendLine();
            }
            md.AppendLine($"![Dice box plot]({Rel(t.BoxPlot)})");
            md.AppendLine();
            if (s.Folds is int folds)
            {
                md.AppendLine($"Each model is the ensemble of {folds} cross-validation folds. Out-of-fold validation: the best validation Dice of each fold's run " +
                              "(its own held-out fold), seed by seed:");
                md.AppendLine();
                md.Append(FoldTable(s, layout, t.Set, folds));
                md.AppendLine();
            }
            else
            {
                md.AppendLine("Training curves: " + string.Join(" · ", s.Models.Select(k =>
                    $"[{k.Name()}]({Rel(Path.Combine(layout.Model(t.Set, k, s.SeedTag(s.AllSeeds[0])), "training.png"))})")));
                md.AppendLine();
            }
            md.AppendLine("Per-case results: " + string.Join(" · ", s.Models.Select(k => $"[{k.Name()}]({Rel(layout.Results(t.Set, k))})")));
            md.AppendLine();
        }
        if (r.Overlay is not null)
        {
            md.AppendLine("## Figure 2: a 2D test case (true positives blue, false negatives green, false positives red)");
            md.AppendLine();
            md.AppendLine($"![overlay]({Rel(r.Overlay)})");
            md.AppendLine();
        }
        if (r.BrowserReport is { } browser)
        {
            md.AppendLine("## Every test case in the browser");
            md.AppendLine();
            md.AppendLine($"[{Rel(browser.Index)}]({Rel(browser.Index)}): the case table, and each case's image with the truth and every model's mask " +
                          (browser.ViewerProblem is null ? "as overlays to toggle, in all three planes." : $"as static pictures ({browser.ViewerProblem})."));
            md.AppendLine();
        }
        md.Append(StepReport.Markdown(r.Steps));
        var text = md.ToString();
        AtomicFile.WriteText(layout.Report, text);

        var json = new JsonObject
        {
            ["protocol"] = s.Protocol.Name,
            ["scale"] = JsonSerializer.SerializeToNode(s.Scale),
            ["models"] = new JsonArray(s.Models.Select(k => (JsonNode)k.Name()).ToArray()),
            ["seed"] = s.Seed,
            ["seeds"] = new JsonArray(s.AllSeeds.Select(x => (JsonNode)x).ToArray()),
            ["training_controls"] = new JsonObject(Controls(s).Select(x => KeyValuePair.Create(x.Flag.TrimStart('-'), (JsonNode?)x.Value))),
            ["data"] = Path.GetFullPath(s.DataDir),
            ["versions"] = StepReport.Versions(),
            ["started_utc"] = startedUtc.ToString("o", CultureInfo.InvariantCulture),
            ["finished_utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["steps"] = StepReport.Json(r.Steps),
            ["tables"] = new JsonArray(r.Tables.Select(t => (JsonNode)new JsonObject { ["training_set"] = t.Set.Name, ["comparison"] = ComparisonReport.Json(t.Comparison) }).ToArray()),
        };
        var jsonText = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteText(layout.RunJson, jsonText);
    }

    private static string SeedTable(ExperimentSettings s, ExperimentLayout layout, SetComparison t)
    {
        var groups = t.Comparison.Groups;
        var b = new StringBuilder();
        b.AppendLine("| model | " + string.Join(" | ", groups) + " |");
        b.AppendLine("|---|" + string.Concat(groups.Select(_ => "---|")));
        foreach (var kind in s.Models)
        {
            var perSeed = s.AllSeeds.Select(seed => ResultsCsv.Read(layout.Results(t.Set, kind, seed))).ToList();
            var cells = SeedAverage.AcrossSeeds(perSeed, t.Comparison.Metric);
            b.AppendLine($"| {kind.Name()} | " + string.Join(" | ", groups.Select(g => cells.TryGetValue(g, out var v)
                ? string.Create(CultureInfo.InvariantCulture, $"{v.Mean:0.000} ({v.Sd:0.000})") : "")) + " |");
        }
        return b.ToString();
    }
}
