using NativeSeg.Imaging;
using NativeSeg.Inference;
using NativeSeg.Nets;

namespace NativeSeg.Bench;

/// <summary>
/// Prediction of an MNI-sized (182x218x182, 1 mm) volume with paper-sized nets (random weights: the cost does
/// not depend on their values): sliding window at 120³ (27 patches) and whole volume, seconds and peak RSS.
/// One run each, no warm-up: the time includes realizing the kernels for the spacing once (ra-unet).
/// </summary>
public sealed class InferenceBenchmarks : IBenchmarkSuite
{
    public string Key => "inference";

    public string Title => "Inference: 182x218x182 volume, paper-sized nets (sliding window 120^3 and whole volume)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        var shape = new Shape3(182, 218, 182);
        Volume volume = null!;
        foreach (var (kind, create) in Nets())
        {
            foreach (int? patch in new int?[] { 120, null })
            {
                IVolumePredictor predictor = null!;
                string mode = patch is int p ? $"sliding {p}^3" : "whole volume";
                yield return new BenchmarkCase($"{kind.Name()} {mode}", () => predictor.Predict(volume),
                    Repeats: 1, WarmUp: 0,
                    Setup: () =>
                    {
                        volume ??= SampleVolume.GaussianBlobs(shape, Spacing.Isotropic(1));
                        var config = new ModelConfig { Kind = kind };
                        predictor = Predictors.Create(config, create(config), new PredictionOptions { Patch = patch });
                        PeakMemory.Reset();
                    },
                    Notes: _ =>
                    {
                        string tiles = patch is int q ? $"{new SlidingWindow(shape, new Shape3(q, q, q)).Tiles.Count} patches" : "1 pass";
                        return $"{tiles}; peak RSS {PeakMemory.Format(PeakMemory.Bytes())}";
                    });
            }
        }
    }

    private static IEnumerable<(ModelKind Kind, Func<ModelConfig, SegmentationNet> Create)> Nets()
    {
        yield return (ModelKind.RaUNet, c => new EquivariantUNet(c));
    }
}
