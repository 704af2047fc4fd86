using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Model;
using System.Globalization;
using NativeSeg.Experiments;
using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Training steps (forward + soft Dice + backward + Adam) of the RA-U-Net with each <see cref="ConvolutionAlgorithm"/>
/// (auto: the per-layer measured choice of lattice or support), beside the plain U-Net's step in the same run, at 0.5x0.5x1 mm (level-0
/// lattice 11x11x5, support 9x9x5 with the radial cutoff, pieces 257 taps) and at 1 mm (lattice = support, pieces 81 of 125 taps). The cpu protocol's nets at 32³ and 64³, paper size at
/// 64³ (0.5 mm only).
/// </summary>
public sealed class ConvolutionSupportBenchmarks : IBenchmarkSuite
{
    public string Key => "conv-support";

    public string Title => "RA-U-Net step: whole lattice vs weighted support (forward + backward + Adam)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        foreach (var (scale, sides) in new[] { (ExperimentScale.Cpu, new[] { 32, 64 }), (ExperimentScale.Paper, new[] { 64 }) })
            foreach (var spacing in new[] { new Spacing(0.5, 0.5, 1), Spacing.Isotropic(1) })
                foreach (int side in sides)
                {
                    bool paper = scale == ExperimentScale.Paper;
                    if (paper && spacing.X == 1) continue;   // the 1 mm control runs at the cpu size only
                    foreach (var algorithm in new ConvolutionAlgorithm?[] { ConvolutionAlgorithm.Lattice, ConvolutionAlgorithm.Support, ConvolutionAlgorithm.Pieces, ConvolutionAlgorithm.Auto, null })
                    {
                        torch.manual_seed(0);
                        var net = NetFactory.Create(scale.Config(algorithm is null ? ModelKind.UNet : ModelKind.RaUNet));
                        if (net.ResolutionAdaptive is { } ra) ra.ConvolutionAlgorithm = algorithm!.Value;
                        var optimizer = optim.Adam(net.parameters(), 5e-3);
                        var shape = new long[] { 1, 1, side, side, side };
                        string what = algorithm is { } a ? $"ra-unet {EnumNames.Name(a)}" : "unet";
                        yield return new BenchmarkCase($"{scale.Name} size, {spacing} mm, {side}^3: {what}", () => TrainingStep.Run(net, optimizer, shape, spacing), Repeats: paper ? 1 : 3,
                            WarmUp: 1, Setup: () => PeakMemory.Reset(),
                            Notes: t => string.Create(CultureInfo.InvariantCulture, $"peak RSS {PeakMemory.Format(PeakMemory.Bytes())}"));
                    }
                }
    }
}
