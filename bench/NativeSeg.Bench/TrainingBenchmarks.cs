using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.Globalization;
using NativeSeg.Experiments;
using NativeSeg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Training steps per minute (one patch, forward + soft Dice + backward + Adam step) for the three model kinds,
/// at the quick experiment's size (RA-U-Net n = 1, U-Net 8 features, 3 levels; 32³ and 64³) and at the paper's size
/// (64³ and 120³, one run without warm-up: 120³ paper-size steps take minutes each on 2 cores). Spacing 0.5x0.5x1 mm
/// (the RA-U-Net's costly case: 11x11x5 level-0 lattices), 1 mm for unet-1mm.
/// </summary>
public sealed class TrainingBenchmarks : IBenchmarkSuite
{
    public string Key => "training";

    public string Title => "Training steps per minute (batch 1, soft Dice, Adam)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        foreach (var (scale, sides) in new[] { (ExperimentScale.Quick, new[] { 32, 64 }), (ExperimentScale.Paper, new[] { 64, 120 }) })
            foreach (var kind in ExperimentSettings.AllModels)
                foreach (int side in sides)
                {
                    torch.manual_seed(0);
                    var net = NetFactory.Create(scale.Config(kind));
                    var optimizer = optim.Adam(net.parameters(), 5e-3);
                    var spacing = kind == ModelKind.UNet1mm ? Spacing.Isotropic(1) : new Spacing(0.5, 0.5, 1);
                    var shape = new long[] { 1, 1, side, side, side };
                    bool paper = scale == ExperimentScale.Paper;
                    yield return new BenchmarkCase($"{kind.Name()} ({scale.Name} size, {net.ParameterCount():N0} parameters), {side}^3 patch", () => TrainingStep.Run(net, optimizer, shape, spacing),
                        Repeats: paper ? 1 : 3, WarmUp: paper ? 0 : 1, Setup: () => PeakMemory.Reset(),
                        Notes: t => string.Create(CultureInfo.InvariantCulture, $"{60 / t:0.0} steps/min; peak RSS {PeakMemory.Format(PeakMemory.Bytes())}"));
                }
    }
}
