using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// Predicts a file or a folder of files with one predictor (one model, loaded once: same-spacing cases reuse
/// the kernels the net realized for the first). Every input is checked before the first prediction (readable
/// 3D NIfTI header, writable output folder); each case writes its uint8 mask with the input's exact geometry
/// and, when asked, a float32 probability map, each via a temporary file renamed when complete. With a
/// <see cref="PredictionRecord"/>, each mask names its model in its header and a sidecar, a case the same model
/// already predicted with the same settings is skipped, and a case another model or other settings made is refused
/// before anything is predicted, unless overwriting was asked for. A case is predicted under its <see cref="CaseLock"/>:
/// one that another process is predicting is left to it.
/// </summary>
public sealed class PredictionRunner
{
    private readonly IVolumePredictor _predictor;
    private readonly PredictionRecord? _record;

    public PredictionRunner(IVolumePredictor predictor, PredictionRecord? record = null)
    {
        _predictor = predictor;
        _record = record;
    }

    /// <summary>The cases of the last run that another process was predicting (their outputs are its to write).</summary>
    public IReadOnlyList<string> LeftToOthers { get; private set; } = [];

    /// <param name="keepComplete">Skip cases whose outputs all exist (the mask is renamed into place last, so an existing
    /// mask is a complete case): an interrupted folder prediction continues where it stopped.</param>
    /// <param name="shard">Only this shard of the (name-sorted) cases; the others are left to other processes.</param>
    /// <param name="overwrite">Replace outputs that another model or other settings made.</param>
    /// <param name="uncertainty">Also write the entropy map and, for an ensemble, the mutual information.</param>
    public IReadOnlyList<PredictionCase> Run(string input, string output, bool probabilities, IPredictionProgress? progress = null, bool keepComplete = false,
                                             Data.Shard? shard = null, bool overwrite = false, bool uncertainty = false)
    {
        return Run(PredictionPlan.Resolve(input, output, probabilities, uncertainty, uncertainty && _predictor.Members > 1), progress, keepComplete, shard, overwrite);
    }

    /// <summary>Predicts cases whose outputs are already named (a BIDS dataset's derivatives, say); the same guarantees.</summary>
    public IReadOnlyList<PredictionCase> Run(IReadOnlyList<PredictionCase> planned, IPredictionProgress? progress = null, bool keepComplete = false,
                                             Data.Shard? shard = null, bool overwrite = false)
    {
        progress ??= SilentProgress.Instance;
        var cases = (shard ?? Data.Shard.All).Of(planned);
        foreach (var c in cases) Require3D(c.InputPath);
        var done = cases.Where(c => keepComplete && c.Outputs.All(File.Exists) || SameWorkDone(c, overwrite)).Select(c => c.Name).ToHashSet();
        foreach (var folder in cases.SelectMany(c => c.Outputs).Select(OutputFolder).Distinct()) RequireWritableFolder(folder);

        var leftToOthers = new List<string>();
        using var cleanup = new InterruptCleanup();
        for (int n = 0; n < cases.Count; n++)
        {
            var c = cases[n];
            if (done.Contains(c.Name))
            {
                progress.CaseSkipped(c.Name, $"already predicted by this model with these settings ({c.MaskPath}); skipped");
                continue;
            }
            using var held = CaseLock.TryTake(c);
            if (held is null)
            {
                leftToOthers.Add(c.Name);
                progress.CaseSkipped(c.Name, "another process is predicting it; left to it");
                continue;
            }
            // Another process may have finished it since the plan was made (it held the lock then).
            if (c.Outputs.All(File.Exists) && (keepComplete || SameWorkDone(c, overwrite)))
            {
                progress.CaseSkipped(c.Name, $"predicted by another process meanwhile ({c.MaskPath}); skipped");
                continue;
            }
            foreach (var path in c.Outputs) AtomicFile.DeleteLeftovers(path);
            cleanup.Holding(held.Path);
            progress.CaseStarted(c.Name, n, cases.Count);
            var volume = NiftiReader.Read(c.InputPath);
            VolumeChecks.RequireFinite(volume, c.InputPath);
            Prediction prediction;
            try { prediction = _predictor.Predict(volume, progress); }
            catch (MemoryBudgetException e) { throw new MemoryBudgetException($"{c.InputPath}: {e.Message}"); }
            cleanup.Writing(c.Outputs);
            // The mask goes last: when it exists, the case is complete.
            if (c.ProbabilityPath != null) NiftiWriter.Write(prediction.Probabilities, c.ProbabilityPath, NiftiDataType.Float32, description: _record?.Description);
            if (c.UncertaintyPath != null) NiftiWriter.Write(prediction.EntropyVolume(), c.UncertaintyPath, NiftiDataType.Float32, description: _record?.Description);
            if (c.MutualInformationPath != null && prediction.MutualInformationVolume() is { } mi)
                NiftiWriter.Write(mi, c.MutualInformationPath, NiftiDataType.Float32, description: _record?.Description);
            (_record is null ? null : _record with { Source = c.Source })?.Write(c.MaskPath);
            NiftiWriter.WriteMask(volume, prediction.Mask, c.MaskPath, _record?.Description);
            cleanup.Writing([]);
            cleanup.Holding(null);
            progress.CaseFinished(c.Name, c.Outputs);
        }
        LeftToOthers = leftToOthers;
        return cases;
    }

    /// <summary>
    /// Whether this case's outputs exist from the same model and settings; throws when they exist from another model or
    /// settings (or with no record of either) and overwriting was not asked for.
    /// </summary>
    private bool SameWorkDone(PredictionCase c, bool overwrite)
    {
        if (_record is null || !File.Exists(c.MaskPath)) return false;
        var held = PredictionRecord.Read(c.MaskPath);
        if (held is not null && held.SameWork(_record) && c.Outputs.All(File.Exists)) return true;
        if (overwrite) return false;
        string who = held is null ? "with no record of the model that made it"
            : held.ModelHash != _record.ModelHash ? $"made by another model ({held.Model}, {held.ModelHash[..12]})"
            : $"made with other settings ({held.Settings})";
        throw new IOException($"{c.MaskPath}: holds a prediction {who}; add --overwrite to replace it, or choose another --output");
    }

    private static void Require3D(string path)
    {
        var header = NiftiReader.ReadHeader(path);
        if (header.VolumeCount > 1)
            throw new InvalidDataException($"{path}: 4D image (shape {string.Join("x", header.Shape)}); use a 3D volume");
    }

    private static string OutputFolder(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    private static void RequireWritableFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".nativeseg-write-test-{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{folder}: output folder is not writable ({e.Message.TrimEnd('.')})");
        }
    }
}
