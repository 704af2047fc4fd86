using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Bench;

/// <summary>
/// Prediction of an MNI-sized (182x218x182, 1 mm) volume with paper-sized nets (random weights: the cost does
/// not depend on their values): sliding window at 120³ (27 patches) and whole volume, seconds and peak RSS.
/// One run each, no warm-up: the time includes realizing the kernels for the spacing once (ra-unet).
/// "one 120^3 patch" is a single sliding-window step (a 120³ volume predicted whole): times the patch count
/// estimates a sliding run too slow to measure here.
/// NATIVESEG_BENCH_SHAPE (e.g. 96,96,96), NATIVESEG_BENCH_SPACING (e.g. 0.5,0.5,1 with 364,436,182: the brain
/// resampled to 0.5x0.5x1 mm; default 1 mm), NATIVESEG_BENCH_KINDS (e.g. unet,ra-unet) and the runner's NATIVESEG_BENCH_CASES
/// (e.g. "unet whole volume;ra-unet one 120^3 patch") select a smaller run;
/// a case that runs out of memory is reported as such instead of ending the suite.
/// </summary>
public sealed class InferenceBenchmarks : IBenchmarkSuite
{
    public string Key => "inference";

    public string Title => "Inference: 182x218x182 volume, paper-sized nets (sliding window 120^3 and whole volume)";

    private string? _failure;

    public IEnumerable<BenchmarkCase> Cases()
    {
        var shape = Environment.GetEnvironmentVariable("NATIVESEG_BENCH_SHAPE") is { Length: > 0 } text ? Shape3.Parse(text) : new Shape3(182, 218, 182);
        var spacing = Environment.GetEnvironmentVariable("NATIVESEG_BENCH_SPACING") is { Length: > 0 } mm ? Spacing.Parse(mm) : Spacing.Isotropic(1);
        Volume volume = null!;
        foreach (var kind in Kinds())
        {
            foreach (var (mode, patch, onePatch, budgetGib) in new (string, int?, bool, double?)[]
                     { ("sliding 120^3", 120, false, null), ("whole volume", null, false, null), ("one 120^3 patch", null, true, null), ("whole volume under 4 GiB", null, false, 4) })
            {
                string name = $"{kind.Name()} {mode}";
                IVolumePredictor predictor = null!;
                Volume input = null!;
                yield return new BenchmarkCase(name, () => Guarded(() => predictor.Predict(input)),
                    Repeats: 1, WarmUp: 0,
                    Setup: () =>
                    {
                        _failure = null;
                        volume ??= SampleVolume.GaussianBlobs(shape, spacing);
                        input = onePatch ? SampleVolume.GaussianBlobs(new Shape3(120, 120, 120), spacing) : volume;
                        var config = new ModelConfig { Kind = kind };
                        // The budgeted case tiles as predict --max-memory 4 --overlap 0.25 does.
                        var options = budgetGib is double gib
                            ? new PredictionOptions { Patch = null, MemoryBudgetBytes = gib * (1L << 30), StepFraction = PredictionOptions.StepFromOverlap(0.25) }
                            : new PredictionOptions { Patch = patch };
                        predictor = Predictors.Create(config, NetFactory.Create(config), options);
                        PeakMemory.Reset();
                    },
                    Notes: _ =>
                    {
                        string tiles = patch is int q ? $"{new SlidingWindow(shape, new Shape3(q, q, q)).Tiles.Count} patches"
                            : budgetGib is not null ? $"{((Predictor)predictor).PatchCount(input.Shape, input.Spacing)} tiles" : "1 pass";
                        return $"{input.Shape} at {input.Spacing} mm: {tiles}; peak RSS {PeakMemory.Format(PeakMemory.Bytes())}" + (_failure is null ? "" : $"; FAILED: {_failure}");
                    });
            }
        }
    }

    private void Guarded(Action run)
    {
        try { run(); }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or OutOfMemoryException)
        {
            _failure = e.Message.Split('\n')[0].Trim();
        }
    }

    private static IEnumerable<ModelKind> Kinds()
    {
        var all = new[] { ModelKind.RaUNet, ModelKind.UNet, ModelKind.UNet1mm };
        if (Environment.GetEnvironmentVariable("NATIVESEG_BENCH_KINDS") is not { Length: > 0 } text) return all;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModelKinds.Parse);
    }
}
