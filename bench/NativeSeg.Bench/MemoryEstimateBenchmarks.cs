using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using System.Globalization;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// One forward pass (no gradients) of the paper-size nets on random input, peak RSS beside <see cref="MemoryEstimate"/>'s
/// figure: the measurements its constants are fitted to and <c>MemoryEstimateTests</c> pins. Windows run smallest first,
/// so memory a previous case left with the allocator does not raise a later peak; for the pinned numbers run each case
/// in a fresh process (NATIVESEG_BENCH_CASES="unet, 1x1x1 mm, 120x120x120").
/// </summary>
public sealed class MemoryEstimateBenchmarks : IBenchmarkSuite
{
    public string Key => "memory";

    public string Title => "Memory estimate: one forward pass, peak RSS against the estimate (paper-size nets)";

    private static readonly (ModelKind Kind, string Spacing, string Window)[] Windows =
    {
        (ModelKind.UNet, "1", "64,64,64"), (ModelKind.UNet, "1", "120,120,120"), (ModelKind.UNet, "0.5,0.5,1", "208,135,104"),
        (ModelKind.UNet, "1", "160,160,160"),
        (ModelKind.RaUNet, "0.5,0.5,1", "64,64,64"), (ModelKind.RaUNet, "1", "80,80,80"), (ModelKind.RaUNet, "0.5,0.5,1", "96,96,96"),
        (ModelKind.RaUNet, "1", "120,120,120"), (ModelKind.RaUNet, "1", "160,160,160"),
    };

    public IEnumerable<BenchmarkCase> Cases()
    {
        foreach (var (kind, spacingText, windowText) in Windows)
        {
            var config = new ModelConfig { Kind = kind };
            var spacing = Spacing.Parse(spacingText);
            var window = Shape3.Parse(windowText);
            SegmentationNet net = null!;
            yield return new BenchmarkCase($"{kind.Name()}, {spacing} mm, {window.X}x{window.Y}x{window.Z}",
                () =>
                {
                    using var noGrad = no_grad();
                    using var scope = NewDisposeScope();
                    net.call(randn(new long[] { 1, 1, window.X, window.Y, window.Z }, generator: new Generator(1)), spacing);
                },
                Repeats: 1, WarmUp: 0,
                Setup: () =>
                {
                    net = NetFactory.Create(config);
                    net.eval();
                    PeakMemory.Reset();
                },
                Notes: _ =>
                {
                    long peak = PeakMemory.Bytes();
                    double estimate = MemoryEstimate.InferenceBytes(config, window, spacing);
                    return string.Create(CultureInfo.InvariantCulture,
                        $"peak RSS {PeakMemory.Format(peak)}; estimate {PeakMemory.Format((long)estimate)}; estimate / measured {estimate / peak:0.00}");
                });
        }
    }
}
