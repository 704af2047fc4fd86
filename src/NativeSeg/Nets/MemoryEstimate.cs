using NativeSeg.Imaging;

namespace NativeSeg.Nets;

/// <summary>
/// A lower bound on the memory a forward pass needs, computable before anything is allocated, so that a volume or
/// window a machine cannot hold is refused in one line ("needs N GiB; this machine has M") instead of failing inside
/// libtorch. Model: base + copies x 4 bytes x sum over levels of (channels x voxels), with channels doubling per level
/// and the level grids of <see cref="KernelPlan"/> (RA-U-Net) or 2x2x2 pooling (U-Net). The constants are fitted to
/// the peak RSS measured for the paper-size nets at 1 mm (BENCHMARKS.md "Inference"): RA-U-Net whole 182x218x182
/// 16.73 GiB and one 120³ patch 4.41 GiB; U-Net 8.01 and 2.08 GiB. Larger kernels at finer spacings only add to it.
/// </summary>
public static class MemoryEstimate
{
    private const double Gib = 1024.0 * 1024 * 1024;

    /// <summary>Live copies of the feature maps at the peak (activations, gates, skips, conv workspace).</summary>
    private const double RaCopies = 15.1, UNetCopies = 7.3;
    private const double RaBaseBytes = 0.53 * Gib, UNetBaseBytes = 0.21 * Gib;

    /// <summary>Bytes of one forward pass (no gradients) of <paramref name="config"/>'s net on a window of this shape at this spacing.</summary>
    public static double InferenceBytes(ModelConfig config, Shape3 window, Spacing spacing)
    {
        bool ra = config.Architecture == Architecture.RaUNet;
        double floats = 0, widest = 0;
        if (ra)
        {
            var plan = KernelPlan.For(spacing, config.KernelMm, config.PoolMm, config.Levels, config.LevelSpacing);
            var shape = window;
            for (int i = 0; i < plan.Count; i++)
            {
                double dim = LevelIrreps.Features(LevelIrreps.Multiplicity(config.IrrepsMultiplicity, i)).Dim;
                floats += dim * shape.X * shape.Y * shape.Z;
                // One zero-padded input and the realized kernel of the level: negligible at clinical spacings, but a
                // 5 mm kernel on a 0.001 mm grid is 5000 voxels wide, and these two are what libtorch would fail to allocate.
                var k = plan[i].KernelVoxels;
                widest = Math.Max(widest, dim * ((double)(shape.X + k.X - 1) * (shape.Y + k.Y - 1) * (shape.Z + k.Z - 1) + 2 * dim * k.Count));
                if (plan[i].PoolVoxels is { } p) shape = new Shape3(Math.Max(1, shape.X / p.X), Math.Max(1, shape.Y / p.Y), Math.Max(1, shape.Z / p.Z));
            }
        }
        else
        {
            var shape = window;
            for (int i = 0; i < config.Levels; i++)
            {
                floats += (double)(config.Features << i) * shape.X * shape.Y * shape.Z;
                shape = new Shape3(Math.Max(1, shape.X / 2), Math.Max(1, shape.Y / 2), Math.Max(1, shape.Z / 2));
            }
        }
        return (ra ? RaBaseBytes : UNetBaseBytes) + (ra ? RaCopies : UNetCopies) * 4 * floats * config.InputChannels + 4 * widest;
    }

    /// <summary>
    /// Bytes of one training step (forward + backward) on a patch: the forward bound times the ratio of the measured
    /// training and inference peaks on a 120³ patch (RA-U-Net 7.18 / 4.41 GiB, U-Net 5.43 / 2.08 GiB).
    /// </summary>
    public static double TrainingBytes(ModelConfig config, Shape3 patch, Spacing spacing) =>
        InferenceBytes(config, patch, spacing) * (config.Architecture == Architecture.RaUNet ? 1.63 : 2.61);

    /// <summary>Memory this process may still take: MemAvailable on Linux, else what the runtime reports as available.</summary>
    public static double AvailableBytes()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Refuses (one line) a forward pass whose lower bound exceeds the memory available now.</summary>
    public static void RequireFits(ModelConfig config, Shape3 window, Spacing spacing, string what, double? availableBytes = null)
    {
        double need = InferenceBytes(config, window, spacing), have = availableBytes ?? AvailableBytes();
        if (need > have)
            throw new InsufficientMemoryException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what}: a {window.X}x{window.Y}x{window.Z} window at {spacing} mm needs at least {need / Gib:0.0} GiB for {config.Name}; " +
                $"this machine has {have / Gib:0.0} GiB available (predict with a smaller --window-mm or --patch)"));
    }
}
