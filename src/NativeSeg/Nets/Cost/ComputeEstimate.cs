using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;

namespace NativeSeg.Nets.Cost;

/// <summary>
/// Convolution work of a net on a window and the seconds it takes, from the throughput measured in BENCHMARKS.md on
/// 2 cores: a forward pass = 2 x multiply-adds of every conv3d; a training step counted as 3 forward passes
/// (forward, input and weight gradients). Rates (GFLOP/s, 2 cores): RA-U-Net forward 85, step 75; U-Net forward 150,
/// step 56. More cores are assumed to scale linearly, which is optimistic: Slurm time limits add a margin on top.
/// </summary>
public static class ComputeEstimate
{
    private const double RaForwardRate = 85e9, RaStepRate = 75e9, UNetForwardRate = 150e9, UNetStepRate = 56e9;
    private const int MeasuredCores = 2;

    /// <summary>Seconds of one forward pass (no gradients) of <paramref name="config"/>'s net on each window at its spacing.</summary>
    public static double[] InferenceSeconds(ModelConfig config, IReadOnlyList<(Shape3 Window, Spacing Spacing)> windows, int cores) =>
        [.. ForwardFlops(config, windows).Select(f => f / Rate(config, training: false, cores))];

    /// <summary>Seconds of one training step (forward, loss, backward, Adam) on each patch at its spacing.</summary>
    public static double[] TrainingStepSeconds(ModelConfig config, IReadOnlyList<(Shape3 Window, Spacing Spacing)> patches, int cores) =>
        [.. ForwardFlops(config, patches).Select(f => 3 * f / Rate(config, training: true, cores))];

    private static double Rate(ModelConfig config, bool training, int cores) =>
        (config.Architecture == Architecture.RaUNet ? training ? RaStepRate : RaForwardRate : training ? UNetStepRate : UNetForwardRate)
        * Math.Max(1, cores) / MeasuredCores;

    /// <summary>Forward FLOPs of each window at its spacing (an RA-U-Net is built once for all of them).</summary>
    public static double[] ForwardFlops(ModelConfig config, IReadOnlyList<(Shape3 Window, Spacing Spacing)> windows)
    {
        if (config.Architecture != Architecture.RaUNet) return [.. windows.Select(w => UNetForwardFlops(config, w.Window))];
        using var net = (EquivariantUNet)NetFactory.Create(config);
        return [.. windows.Select(w => ForwardFlops(net, w.Window, w.Spacing))];
    }

    /// <summary>Multiply-adds x 2 of every conv3d (kernel volume x in x out x voxels), the input padded to the pooling multiple.</summary>
    /// <param name="support">Count the box of lattice points that carry weight (what `auto` runs) instead of the whole
    /// lattice: the work a convolution must do, for rates (the whole lattice is what the time model was fitted on).</param>
    public static double ForwardFlops(EquivariantUNet net, Shape3 window, Spacing spacing, bool support = false)
    {
        var plan = net.Plan(spacing);
        var multiple = net.SizeMultiple(spacing);
        var size = Enumerable.Range(0, 3).Select(a => (double)((window[a] + multiple[a] - 1) / multiple[a] * multiple[a])).ToArray();
        var voxels = new double[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            voxels[i] = size[0] * size[1] * size[2];
            if (plan[i].PoolVoxels is { } p) for (int a = 0; a < 3; a++) size[a] /= p[a];
        }
        double flops = 0;
        foreach (var (conv, level) in net.ConvolutionLevels)
        {
            long taps = support ? Taps(conv.BasisFor(plan[level].GridMm).Support) : plan[level].KernelVoxels.Count;
            flops += 2.0 * conv.IrrepsIn.Dim * conv.IrrepsOut.Dim * taps * voxels[level];
        }
        return flops;
    }

    private static long Taps(Shape3 half) => (2L * half.X + 1) * (2L * half.Y + 1) * (2L * half.Z + 1);

    /// <summary>The plain U-Net's conv3d work: two convolutions per encoder block, three per decoder block, and the 2³ transposed upsampling.</summary>
    public static double UNetForwardFlops(ModelConfig c, Shape3 window)
    {
        double k3 = Math.Pow(c.KernelVoxels, 3), total = 0;
        for (int level = 0; level < c.Levels; level++)
        {
            double voxels = (double)window.Count / Math.Pow(8, level);
            double width = c.Features << level, input = level == 0 ? c.InputChannels : width / 2;
            total += 2 * voxels * k3 * (input * width + width * width);                         // encoder block
            if (level < c.Levels - 1)
                total += 2 * voxels * k3 * (2 * width * width + width * width)                  // decoder block
                         + 2 * voxels / 8 * 8 * (2 * width) * width;                           // transposed 2³ conv
        }
        return total;
    }
}
