using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using System.Globalization;
using NativeSeg.Equivariant;
using NativeSeg.Experiments;
using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Training steps (forward + soft Dice + backward + Adam) of the RA-U-Net and the plain U-Net with float32 conv3d
/// along each exact path round the oneDNN fault (<see cref="Conv3dPath.Padded"/>, <see cref="Conv3dPath.ChannelsLast"/>),
/// in one run so the RA / U-Net ratios are comparable: cpu size at 32³ and 64³, paper size at 64³, at 1 mm and 0.5x0.5x1 mm.
/// </summary>
public sealed class ConvolutionPathBenchmarks : IBenchmarkSuite
{
    public string Key => "conv-path";

    public string Title => "Convolution path: channels-last vs padded channels (training step, forward + backward + Adam)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        foreach (var (scale, side) in new[] { (ExperimentScale.Cpu, 32), (ExperimentScale.Cpu, 64), (ExperimentScale.Paper, 64) })
            foreach (var spacing in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 1) })
                foreach (var path in new[] { Conv3dPath.Padded, Conv3dPath.ChannelsLast })
                    foreach (var kind in new[] { ModelKind.RaUNet, ModelKind.UNet })
                    {
                        torch.manual_seed(0);
                        var net = NetFactory.Create(scale.Config(kind));
                        var optimizer = optim.Adam(net.parameters(), 5e-3);
                        var shape = new long[] { 1, 1, side, side, side };
                        bool paper = scale == ExperimentScale.Paper;
                        yield return new BenchmarkCase($"{scale.Name} size, {spacing} mm, {side}^3, {EnumNames.Name(path)}: {EnumNames.Name(kind)}",
                            () => { using var forced = Convolution3d.Force(path); TrainingStep.Run(net, optimizer, shape, spacing); },
                            Repeats: paper ? 1 : 3, WarmUp: 1, Setup: () => PeakMemory.Reset(),
                            Notes: t => string.Create(CultureInfo.InvariantCulture, $"peak RSS {PeakMemory.Format(PeakMemory.Bytes())}"));
                    }
    }
}
