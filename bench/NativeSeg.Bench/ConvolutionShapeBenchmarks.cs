using System.Globalization;
using NativeSeg.Equivariant;
using NativeSeg.Experiments;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Each convolution of the paper-size RA-U-Net's 64³ training step at 0.5x0.5x3 mm (thick slices) and 1 mm, alone (conv3d forward + backward on its level's
/// shape, the weighted support as `auto` runs it), along every float32 path that is exact for it on this machine:
/// which shapes fall to a slow kernel and which path rescues them. Layers of the same signature are timed once.
/// </summary>
public sealed class ConvolutionShapeBenchmarks : IBenchmarkSuite
{
    public string Key => "conv-shapes";

    public string Title => "Convolution shapes of the RA-U-Net step, per path (conv3d forward + backward, paper size, 64^3, float32)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        var config = ExperimentScale.Paper.Config(ModelKind.RaUNet);
        foreach (var spacing in new[] { new Spacing(0.5, 0.5, 3), Spacing.Isotropic(1) })
        {
            using var net = (EquivariantUNet)NetFactory.Create(config);
            var plan = net.Plan(spacing);
            var sizes = LevelSizes(plan, new Shape3(64, 64, 64));
            var seen = new HashSet<string>();
            foreach (var (conv, level) in net.ConvolutionLevels)
            {
                var support = conv.BasisFor(plan[level].GridMm).Support;
                long[] kernel = [2 * support.X + 1, 2 * support.Y + 1, 2 * support.Z + 1];
                long[] padding = [support.X, support.Y, support.Z];
                long cin = conv.IrrepsIn.Dim, cout = conv.IrrepsOut.Dim;
                var size = sizes[level];
                bool first = level == 0 && cin == net.InputChannels;
                string shape = $"{cin}->{cout}, {string.Join("x", kernel)} on {size}";
                if (!seen.Add(shape)) continue;
                double flops = 3 * 2.0 * cin * cout * kernel.Aggregate(1L, (a, b) => a * b) * size.Count;
                foreach (var path in Enum.GetValues<Conv3dPath>())
                {
                    if (path == Conv3dPath.Plain && Convolution3d.Path != Conv3dPath.Plain) continue;
                    if (path == Conv3dPath.Unfolded && cin > Nets.Execution.ConvolutionPaths.UnfoldedChannelsLimit) continue;
                    var w = randn([cout, cin, .. kernel]).requires_grad_(true);
                    if (!Convolution3d.Runs(path, w, padding) || !Convolution3d.AgreesWithFloat64(path, cin, cout, kernel, padding)) continue;
                    var x = randn(new long[] { 1, cin, size.X, size.Y, size.Z }).requires_grad_(!first);
                    yield return new BenchmarkCase($"{spacing} mm, level {level}, {shape}: {EnumNames.Name(path)}",
                        () =>
                        {
                            using var scope = NewDisposeScope();
                            Convolution3d.Apply(x, w, null, padding, path).sum().backward();
                        },
                        Repeats: 3, WarmUp: 1, Unit: "ms",
                        Notes: t => string.Create(CultureInfo.InvariantCulture, $"{flops / t / 1e9:0} GFLOP/s{(first ? "; no input gradient" : "")}"));
                }
            }
        }
    }

    private static List<Shape3> LevelSizes(IReadOnlyList<Nets.Kernels.KernelLevel> plan, Shape3 window)
    {
        var sizes = new List<Shape3> { window };
        foreach (var level in plan.Take(plan.Count - 1))
        {
            var s = sizes[^1];
            var p = level.PoolVoxels!.Value;
            sizes.Add(new Shape3(s.X / p.X, s.Y / p.Y, s.Z / p.Z));
        }
        return sizes;
    }
}
