using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant;
using NativeSeg.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Where an RA-U-Net training step's time goes (the cpu protocol's net, 64³ patch): the whole step, then every
/// resolution-adaptive convolution of the net run alone on its level's input shape (forward + backward), split into
/// kernel realization (tensor-product matmul with the lattice basis), conv3d with the realized kernel, and the
/// self-connection. The rest of the step (equivariant norms, gates, pooling, upsampling, loss, Adam) is the difference.
/// </summary>
public sealed class ResolutionAdaptiveProfileBenchmarks : IBenchmarkSuite
{
    public string Key => "ra-profile";

    public string Title => "RA-U-Net training step, where the time goes (cpu-size net, 64^3, forward + backward)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        const int side = 64;
        foreach (var spacing in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 1) })
        {
            torch.manual_seed(0);
            var net = (EquivariantUNet)NetFactory.Create(ExperimentScale.Cpu.Config(ModelKind.RaUNet));
            var optimizer = optim.Adam(net.parameters(), 2e-2);
            var plan = net.Plan(spacing);
            // Each convolution's input shape: the level's grid, which pooling shrinks by the plan's sizes.
            var sizes = new List<long[]>();
            long[] size = [side, side, side];
            foreach (var level in plan)
            {
                sizes.Add(size);
                if (level.PoolVoxels is { } p) size = [size[0] / p.X, size[1] / p.Y, size[2] / p.Z];
            }
            var layers = net.ConvolutionLevels.Select(x => (x.Convolution, Grid: plan[x.Level].GridMm, Size: sizes[x.Level])).ToList();
            string at = $"{spacing} mm";

            yield return Case($"{at}: whole step", () => TrainingStep.Run(net, optimizer, [1, 1, side, side, side], spacing));
            yield return Case($"{at}: {layers.Count} convolutions, whole", () =>
            {
                foreach (var (conv, grid, shape) in layers)
                {
                    using var scope = NewDisposeScope();
                    conv.forward(randn([1, conv.IrrepsIn.Dim, .. shape]).requires_grad_(true), grid).sum().backward();
                }
            });
            yield return Case($"{at}: kernel realization", () =>
            {
                foreach (var (conv, grid, _) in layers)
                {
                    using var scope = NewDisposeScope();
                    conv.ConvolutionKernel(grid, ConvolutionAlgorithm.Support).sum().backward();
                }
            });
            yield return Case($"{at}: conv3d with realized kernels", () =>
            {
                foreach (var (conv, grid, shape) in layers)
                {
                    using var scope = NewDisposeScope();
                    Tensor kernel;
                    using (no_grad()) kernel = conv.ConvolutionKernel(grid, ConvolutionAlgorithm.Support).detach().clone();
                    kernel.requires_grad_(true);
                    var x = randn([1, conv.IrrepsIn.Dim, .. shape]).requires_grad_(true);
                    Convolution3d.Apply(x, kernel, null, kernel.shape[2..].Select(k => (k - 1) / 2).ToArray()).sum().backward();
                }
            });
            yield return Case($"{at}: self-connections", () =>
            {
                foreach (var (conv, _, shape) in layers)
                {
                    using var scope = NewDisposeScope();
                    conv.SelfConnection.forward(randn([1, conv.IrrepsIn.Dim, .. shape]).requires_grad_(true)).sum().backward();
                }
            });
        }
    }

    private static BenchmarkCase Case(string name, Action run) => new(name, () =>
    {
        using var scope = NewDisposeScope();
        run();
    }, Repeats: 3, WarmUp: 1);
}
