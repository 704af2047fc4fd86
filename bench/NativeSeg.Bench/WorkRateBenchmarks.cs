using System.Globalization;
using NativeSeg.Equivariant;
using NativeSeg.Experiments;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Work per second of a training step (forward, soft Dice, backward, Adam; 64³ patch, batch 1, paper-size nets): the
/// convolutions' multiply-adds x 2 of the forward pass over the lattice points that carry weight, x 3 for the step
/// (<see cref="ComputeEstimate"/>), over the step's time. The U-Net first, so every RA-U-Net row can give its rate as a share of the U-Net's in the same run.
/// Each precision runs with every layer on its measured path; float32 also with one path for the whole process (the
/// behaviour before per-layer paths), for the gain of the choice itself.
/// </summary>
public sealed class WorkRateBenchmarks : IBenchmarkSuite
{
    private readonly Dictionary<string, double> _unetRate = new();

    public string Key => "work-rate";

    public string Title => "Work per second: training step, paper-size nets, 64^3 (RA-U-Net against the U-Net, float32 and bf16)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        var window = new Shape3(64, 64, 64);
        var variants = new List<(string Name, Precision Precision, Conv3dPath? Forced)> { ("float32, per-layer paths", Precision.Float32, null),
                                                                                          ("float32, one path", Precision.Float32, Convolution3d.Path) };
        if (ConvolutionPrecision.CpuHasBf16) variants.Add(("bf16, per-layer paths", Precision.BFloat16, null));
        foreach (var (variant, precision, forced) in variants)
        {
            var unet = ExperimentScale.Paper.Config(ModelKind.UNet);
            double unetFlops = 3 * ComputeEstimate.UNetForwardFlops(unet, window);
            yield return Step($"{variant}: unet, 1x1x1 mm", unet, Spacing.Isotropic(1), precision, forced, unetFlops,
                              t => { _unetRate[variant] = unetFlops / t; return ""; });
            foreach (var spacing in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 3), new Spacing(0.5, 0.5, 1) })
            {
                var ra = ExperimentScale.Paper.Config(ModelKind.RaUNet);
                double flops;
                using (var net = (EquivariantUNet)NetFactory.Create(ra)) flops = 3 * ComputeEstimate.ForwardFlops(net, window, spacing, support: true);
                yield return Step($"{variant}: ra-unet, {spacing} mm", ra, spacing, precision, forced, flops,
                                  t => string.Create(CultureInfo.InvariantCulture, $"; {flops / t / _unetRate[variant]:0.00}x the U-Net's rate"));
            }
        }
    }

    private static BenchmarkCase Step(string name, ModelConfig config, Spacing spacing, Precision precision, Conv3dPath? forced, double flops, Func<double, string> more)
    {
        torch.manual_seed(0);
        var net = NetFactory.Create(config);
        var optimizer = optim.Adam(net.parameters(), 5e-3);
        return new BenchmarkCase(name, () =>
            {
                using var use = ConvolutionPrecision.Unchecked(precision);   // timed even where the probe distrusts bf16's values
                using var path = forced is { } p ? Convolution3d.Force(p) : null;
                TrainingStep.Run(net, optimizer, [1, 1, 64, 64, 64], spacing);
            },
            Repeats: 2, WarmUp: 1, Setup: () => PeakMemory.Reset(),
            Notes: t => string.Create(CultureInfo.InvariantCulture,
                $"{flops / 1e9:0} GFLOP, {flops / t / 1e9:0} GFLOP/s{more(t)}; peak RSS {PeakMemory.Format(PeakMemory.Bytes())}"));
    }
}
