using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Nets.Layers;
using NativeSeg.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// Where an RA-U-Net training step's time goes (paper-size net, 64³ patch): the whole step, then each kind of layer of
/// the net run alone on its level's input shape (forward + backward): the resolution-adaptive convolutions whole
/// (kernel realization, self-connection on the centre tap, conv3d), their kernel realization alone, the equivariant
/// norms, the gates, the poolings, and upsampling with the skip's concatenation. Each case includes drawing its random
/// inputs; "inputs alone" times that part for the norms' shapes. The rest of the step (loss, Adam) is the difference.
/// </summary>
public sealed class ResolutionAdaptiveProfileBenchmarks : IBenchmarkSuite
{
    public string Key => "ra-profile";

    public string Title => "RA-U-Net training step, where the time goes (paper-size net, 64^3, forward + backward)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        const int side = 64;
        foreach (var spacing in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 3), new Spacing(0.5, 0.5, 1) })
        {
            torch.manual_seed(0);
            var net = (EquivariantUNet)NetFactory.Create(ExperimentScale.Paper.Config(ModelKind.RaUNet));
            net.train();
            var optimizer = optim.Adam(net.parameters(), 2e-2);
            var plan = net.Plan(spacing);
            // Each level's input shape: the level's grid, which pooling shrinks by the plan's sizes.
            var sizes = new List<long[]>();
            long[] size = [side, side, side];
            foreach (var level in plan)
            {
                sizes.Add(size);
                if (level.PoolVoxels is { } p) size = [size[0] / p.X, size[1] / p.Y, size[2] / p.Z];
            }
            var (encoder, pools, decoder, _, _) = net.Layers;
            var steps = encoder.Select((block, level) => (Block: block, Level: level))
                .Concat(decoder.Select((block, i) => (Block: block, Level: encoder.Count - 2 - i)))
                .SelectMany(b => b.Block.Steps.Select(s => (s.Convolution, s.Norm, s.Gate, Grid: plan[b.Level].GridMm, Shape: sizes[b.Level]))).ToList();
            string at = $"{spacing} mm";

            yield return Case($"{at}: whole step", () => TrainingStep.Run(net, optimizer, [1, 1, side, side, side], spacing));
            yield return Case($"{at}: {steps.Count} convolutions", () =>
            {
                foreach (var s in steps) Backward(s.Convolution.forward(Input(s.Convolution.IrrepsIn.Dim, s.Shape), s.Grid));
            });
            yield return Case($"{at}: their kernel realization", () =>
            {
                foreach (var s in steps) Backward(s.Convolution.Realize(s.Grid));
            });
            yield return Case($"{at}: {steps.Count} norms", () =>
            {
                foreach (var s in steps) Backward(s.Norm.forward(Input(s.Norm.Irreps.Dim, s.Shape)));
            });
            yield return Case($"{at}: {steps.Count} gates", () =>
            {
                foreach (var s in steps) Backward(s.Gate.forward(Input(s.Gate.IrrepsIn.Dim, s.Shape)));
            });
            yield return Case($"{at}: inputs alone (norms' shapes)", () =>
            {
                foreach (var s in steps) Backward(Input(s.Norm.Irreps.Dim, s.Shape));
            });
            yield return Case($"{at}: poolings, upsamplings and skip joins", () =>
            {
                var upsample = new ResolutionAdaptiveUpsampling();
                for (int level = 0; level < pools.Count; level++)
                {
                    int channels = encoder[level].IrrepsOut.Dim;
                    Backward(pools[level].forward(Input(channels, sizes[level]), plan[level].PoolVoxels!.Value));
                    int below = (level + 1 == encoder.Count - 1 ? encoder[^1] : decoder[encoder.Count - 3 - level]).IrrepsOut.Dim;
                    var skip = Input(channels, sizes[level]);
                    Backward(cat([upsample.forward(Input(below, sizes[level + 1]), skip), skip], 1));
                }
            });
        }
    }

    private static Tensor Input(long channels, long[] shape) => randn([1, channels, .. shape]).requires_grad_(true);

    private static void Backward(Tensor y)
    {
        using var scope = NewDisposeScope();
        y.sum().backward();
    }

    private static BenchmarkCase Case(string name, Action run) => new(name, () =>
    {
        using var scope = NewDisposeScope();
        run();
    }, Repeats: 3, WarmUp: 1);
}
