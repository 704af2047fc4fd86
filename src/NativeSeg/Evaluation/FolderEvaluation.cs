using NativeSeg.Imaging.Nifti;
using NativeSeg.Data;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>
/// Evaluates a folder of predicted masks against a folder of truth masks, matched by nnU-Net case name
/// (`case.nii.gz`; an image-style `case_0000` name also matches). Every truth case needs a prediction:
/// missing ones are listed together in one error. Groups come from cases.tsv ("all" without it).
/// </summary>
public static class FolderEvaluation
{
    /// <param name="shard">Only this shard of the (name-sorted) truth cases.</param>
    /// <param name="binarize">How mask values become foreground (default strict: only 0 and 1), for predictions and truth alike.</param>
    /// <param name="lesions">When given, receives every case's lesions (<see cref="LesionTable"/>).</param>
    /// <param name="preset">Write that challenge's official metrics instead of NativeSeg's (wmh2017 reads truth label 1 as
    /// lesion and label 2 as "other pathology", whatever <paramref name="binarize"/> says).</param>
    /// <param name="uncertaintyDir">A folder of &lt;case&gt;_uncertainty.nii.gz maps (what `predict --uncertainty` writes): predicted
    /// lesions get their mean uncertainty, and with Shifts 2022 every case its error-retention curve (into
    /// <paramref name="retention"/>) and R-AUC.</param>
    public static IReadOnlyList<CaseResult> Run(string predDir, string truthDir, string? casesTsv = null, IProgress<string>? progress = null, Shard? shard = null, Binarization? binarize = null,
                                                List<LesionRow>? lesions = null, Challenges.ChallengePreset? preset = null, string? uncertaintyDir = null,
                                                List<(string Case, double[] Curve)>? retention = null, string uncertaintySuffix = NnUNetNames.UncertaintySuffix,
                                                bool bids = false)
    {
        if (uncertaintyDir is not null && !Directory.Exists(uncertaintyDir)) throw new DirectoryNotFoundException($"{uncertaintyDir}: uncertainty folder not found");
        binarize ??= Binarization.Strict;
        var allTruth = CaseFiles(truthDir, "truth", bids);
        var truth = (shard ?? Shard.All).Of(allTruth.Keys.Order(StringComparer.Ordinal).ToList()).ToDictionary(k => k, k => allTruth[k]);
        // A prediction named like an image (case_0000) stands for its case unless its full stem is a truth case:
        // case names may end in four digits themselves (case_0014).
        var predFiles = CaseFiles(predDir, "prediction", bids);
        // An images folder given as the truth: its files are the predictions' names plus a channel suffix (case_0000).
        if (!predFiles.Keys.Any(allTruth.ContainsKey) && allTruth.Keys.FirstOrDefault(t => NnUNetNames.WithoutChannel(t) != t && predFiles.ContainsKey(NnUNetNames.WithoutChannel(t))) is { } image)
            throw new InvalidDataException($"{truthDir}: holds images ({Path.GetFileName(allTruth[image])} is the image of prediction {NnUNetNames.WithoutChannel(image)}), not label masks; " +
                $"--truth takes the labels folder (labelsTs)");
        var pred = new Dictionary<string, string>();
        foreach (var (stem, file) in predFiles)
        {
            string name = truth.ContainsKey(stem) ? stem : NnUNetNames.WithoutChannel(stem);
            if (!pred.TryAdd(name, file))
                throw new InvalidDataException($"{predDir}: two prediction files for case {name} ({Path.GetFileName(pred[name])} and {Path.GetFileName(file)})");
        }
        var missing = truth.Keys.Where(k => !pred.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{predDir}: no prediction for {missing.Count} truth case(s): {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}");
        var groups = casesTsv is null ? new Dictionary<string, string>() : CaseTable.Read(casesTsv).ToDictionary(c => c.Case, c => c.Group);
        var rows = new List<CaseResult>();
        foreach (var (name, truthPath) in truth.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            progress?.Report(name);
            var t = NiftiReader.Read(truthPath);
            var p = NiftiReader.Read(pred[name]);
            VolumeChecks.RequireSameGrid(t, p, truthPath, pred[name]);
            bool wmh = preset == Challenges.ChallengePreset.Wmh2017;
            bool[] predicted = binarize.Apply(p, pred[name]), actual = (wmh ? new Binarization(Label: 1) : binarize).Apply(t, truthPath);
            var values = preset is { } challenge
                ? Challenges.ChallengeMetrics.For(challenge).Compute(new(predicted, actual, t.Shape, t.Spacing, wmh ? new Binarization(Label: 2).Apply(t, truthPath) : null))
                : MetricColumns.Of(CaseMetrics.Compute(predicted, actual, t.Shape, t.Spacing));
            float[]? uncertainty = uncertaintyDir is null ? null : UncertaintyOf(uncertaintyDir, name + uncertaintySuffix, t, truthPath);
            if (uncertainty is not null && preset == Challenges.ChallengePreset.Shifts2022)
            {
                var curve = Challenges.ErrorRetention.Curve(actual, predicted, uncertainty);
                retention?.Add((name, curve));
                values = new Dictionary<string, double?>(values) { [Challenges.Shifts2022Metrics.RAucColumn] = Challenges.ErrorRetention.RAuc(curve) };
            }
            lesions?.AddRange(LesionTable.Of(name, predicted, actual, t.Shape, t.Affine, uncertainty));
            rows.Add(new CaseResult(name, groups.GetValueOrDefault(name, "all"), values));
        }
        return rows;
    }

    private static float[] UncertaintyOf(string dir, string stem, Volume truth, string truthPath)
    {
        string path = NnUNetNames.FindNifti(dir, stem)
                      ?? throw new FileNotFoundException($"{Path.Combine(dir, stem)}.nii.gz: no uncertainty map for this case");
        var map = NiftiReader.Read(path);
        VolumeChecks.RequireSameGrid(truth, map, truthPath, path);
        VolumeChecks.RequireFinite(map, path);
        return map.Voxels;
    }

    /// <param name="bids">A BIDS derivatives folder: its sub-*/[ses-*/]anat/*_label-lesion_mask files, named by their entities.</param>
    private static Dictionary<string, string> CaseFiles(string dir, string role, bool bids = false)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: {role} folder not found");
        if (bids)
        {
            var masks = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => (File: f, Case: Bids.CaseOf(f, Bids.MaskSuffix))).Where(x => x.Case is not null).ToList();
            if (masks.Count == 0) throw new InvalidDataException($"{dir}: no sub-*/anat/*{Bids.MaskSuffix}.nii.gz files ({role})");
            var byEntities = new Dictionary<string, string>();
            foreach (var (file, name) in masks)
                if (!byEntities.TryAdd(name!, file)) throw new InvalidDataException($"{dir}: two {role} files for {name}");
            return byEntities;
        }
        var files = Directory.GetFiles(dir).Where(f => NnUNetNames.NiftiStem(f) is not null)
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        if (files.Count == 0) throw new InvalidDataException($"{dir}: no NIfTI files ({role})");
        var byCase = new Dictionary<string, string>();
        foreach (var f in files)
            if (!byCase.TryAdd(NnUNetNames.Stem(f), f))
                throw new InvalidDataException($"{dir}: two {role} files for case {NnUNetNames.Stem(f)}");
        return byCase;
    }
}
