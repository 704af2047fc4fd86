using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// Predicts a file or a folder of files with one predictor (one model, loaded once: same-spacing cases reuse
/// the kernels the net realized for the first). Every input is checked before the first prediction (readable
/// 3D NIfTI header, writable output folder); each case writes its uint8 mask with the input's exact geometry
/// and, when asked, a float32 probability map, each via a temporary file renamed when complete.
/// </summary>
public sealed class PredictionRunner
{
    private readonly IVolumePredictor _predictor;

    public PredictionRunner(IVolumePredictor predictor)
    {
        _predictor = predictor;
    }

    /// <param name="keepComplete">Skip cases whose outputs all exist (the mask is renamed into place last, so an existing
    /// mask is a complete case): an interrupted folder prediction continues where it stopped.</param>
    /// <param name="shard">Only this shard of the (name-sorted) cases; the others are left to other processes.</param>
    public IReadOnlyList<PredictionCase> Run(string input, string output, bool probabilities, IPredictionProgress? progress = null, bool keepComplete = false, Data.Shard? shard = null)
    {
        progress ??= SilentProgress.Instance;
        var cases = (shard ?? Data.Shard.All).Of(PredictionPlan.Resolve(input, output, probabilities));
        foreach (var c in cases) Require3D(c.InputPath);
        foreach (var folder in cases.SelectMany(c => c.Outputs).Select(OutputFolder).Distinct()) RequireWritableFolder(folder);
        foreach (var path in cases.SelectMany(c => c.Outputs)) AtomicFile.DeleteLeftovers(path);

        using var cleanup = new InterruptCleanup();
        for (int n = 0; n < cases.Count; n++)
        {
            var c = cases[n];
            if (keepComplete && c.Outputs.All(File.Exists)) continue;
            progress.CaseStarted(c.Name, n, cases.Count);
            var volume = NiftiReader.Read(c.InputPath);
            VolumeChecks.RequireFinite(volume, c.InputPath);
            Prediction prediction;
            try { prediction = _predictor.Predict(volume, progress); }
            catch (InsufficientMemoryException e) { throw new InsufficientMemoryException($"{c.InputPath}: {e.Message}"); }
            cleanup.Writing(c.Outputs);
            // The mask goes last: when it exists, the case is complete.
            if (c.ProbabilityPath != null) NiftiWriter.Write(prediction.Probabilities, c.ProbabilityPath, NiftiDataType.Float32);
            NiftiWriter.WriteMask(volume, prediction.Mask, c.MaskPath);
            cleanup.Writing([]);
            progress.CaseFinished(c.Name, c.Outputs);
        }
        return cases;
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
