using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;

namespace NativeSeg.Nets.Cost;

/// <summary>
/// The peak memory of a forward pass, computable before anything is allocated, so that a volume or window a machine
/// cannot hold is refused in one line ("needs N GiB; this machine has M") instead of failing inside libtorch, and
/// bounded-memory prediction can pick its tiles. Model: base + copies x 4 bytes x sum over levels of (channels x
/// voxels), with channels doubling per level and the level grids of <see cref="KernelPlan"/> (RA-U-Net) or 2x2x2
/// pooling (U-Net). The constants are fitted to lie at or just above the peak RSS of the paper-size nets measured on
/// 64³-208x135x104 windows at 1 mm and 0.5x0.5x1 mm (BENCHMARKS.md "Memory estimate": estimate / measured 1.00-1.18
/// for the RA-U-Net, 1.01-1.06 for the U-Net), with the nets freeing each feature map once it is read
/// (<see cref="Equivariant.Torch.Intermediates"/>); before that they held about twice as much.
/// </summary>
public static class MemoryEstimate
{
    private const double Gib = 1024.0 * 1024 * 1024;

    /// <summary>Live copies of the feature maps at the peak (skips, the current level's activations, gates, conv workspace).</summary>
    private const double RaCopies = 7.3, UNetCopies = 4.04;
    private const double RaBaseBytes = 0.52 * Gib, UNetBaseBytes = 0.36 * Gib;

    /// <summary>Bytes of one forward pass (no gradients) of <paramref name="config"/>'s net on a window of this shape at this spacing.</summary>
    public static double InferenceBytes(ModelConfig config, Shape3 window, Spacing spacing)
    {
        bool ra = config.Architecture == Architecture.RaUNet;
        double floats = 0, widest = 0;
        if (ra)
        {
            var plan = config.KernelPlan(spacing);
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
    /// Bytes of one training step (forward + backward + Adam) on a patch: the base plus the forward estimate's feature
    /// maps scaled by what a training step measured on a 96³ patch at 1 mm (RA-U-Net 4.34 GiB against a forward
    /// estimate of 1.59, U-Net 3.09 against 0.89: the backward pass holds what autograd saved, which freeing feature maps
    /// early does not touch).
    /// </summary>
    public static double TrainingBytes(ModelConfig config, Shape3 patch, Spacing spacing)
    {
        bool ra = config.Architecture == Architecture.RaUNet;
        double baseBytes = ra ? RaBaseBytes : UNetBaseBytes;
        return baseBytes + (InferenceBytes(config, patch, spacing) - baseBytes) * (ra ? 3.57 : 5.15);
    }

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

    /// <summary>Refuses (one line) a forward pass whose estimate exceeds the memory available now.</summary>
    public static void RequireFits(ModelConfig config, Shape3 window, Spacing spacing, string what, double? availableBytes = null)
    {
        double need = InferenceBytes(config, window, spacing), have = availableBytes ?? AvailableBytes();
        if (need > have)
            throw new MemoryBudgetException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what}: a {window.X}x{window.Y}x{window.Z} window at {spacing} mm needs about {need / Gib:0.0} GiB for {config.Name}; " +
                $"this machine has {have / Gib:0.0} GiB available (predict with a smaller --window-mm or --patch)"));
    }
}
