using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Inference;

/// <summary>
/// Where the patches of a sliding-window prediction go (nnU-Net's compute_steps_for_sliding_window):
/// along each axis the first patch starts at 0, the last ends flush with the volume, and the starts in
/// between are evenly spread so neighbours are at most <see cref="StepFraction"/> · patch apart.
/// A patch larger than the volume is clipped to it (one patch along that axis).
/// </summary>
public sealed class SlidingWindow
{
    public const double DefaultStepFraction = 0.5;

    /// <summary>Windows per volume beyond which a run is refused: a paper-size whole brain takes 27, a 32 mm window on a
    /// 0.45 mm 2D whole brain about 1,500.</summary>
    public const int MaxWindows = 20_000;

    public SlidingWindow(Shape3 volume, Shape3 requestedPatch, double stepFraction = DefaultStepFraction)
    {
        if (stepFraction is <= 0 or > 1) throw new UserInputException($"step fraction {stepFraction}: expected a value in (0, 1]");
        if (requestedPatch.X < 1 || requestedPatch.Y < 1 || requestedPatch.Z < 1)
            throw new UserInputException($"patch {requestedPatch}: every size must be at least 1 voxel");
        Volume = volume;
        StepFraction = stepFraction;
        Patch = new Shape3(Math.Min(volume.X, requestedPatch.X), Math.Min(volume.Y, requestedPatch.Y), Math.Min(volume.Z, requestedPatch.Z));
        var starts = Enumerable.Range(0, 3).Select(d => Starts(volume[d], Patch[d], stepFraction)).ToArray();
        long count = (long)starts[0].Length * starts[1].Length * starts[2].Length;
        if (count > MaxWindows)
            throw new UserInputException($"a {Patch} window over {volume} voxels takes {count} net passes, more than {MaxWindows}; use a larger window");
        var tiles = new List<Tile>(starts[0].Length * starts[1].Length * starts[2].Length);
        foreach (int z in starts[2])
            foreach (int y in starts[1])
                foreach (int x in starts[0])
                    tiles.Add(new Tile(x, y, z));
        Tiles = tiles;
    }

    public Shape3 Volume { get; }

    /// <summary>The patch actually used: the requested one clipped to the volume.</summary>
    public Shape3 Patch { get; }

    public double StepFraction { get; }

    /// <summary>Patch origins (voxel index of each patch's first corner), i fastest.</summary>
    public IReadOnlyList<Tile> Tiles { get; }

    /// <summary>
    /// Starts along one axis: count = ceil((size − patch) / (fraction · patch)) + 1, start_t = round(t · (size − patch) / (count − 1)).
    /// </summary>
    public static int[] Starts(int size, int patch, double stepFraction = DefaultStepFraction)
    {
        if (patch > size) throw new UserInputException($"patch {patch} is larger than the axis ({size} voxels); clip it first");
        double targetStep = stepFraction * patch;
        int count = (int)Math.Ceiling((size - patch) / targetStep - 1e-9) + 1;
        if (count == 1) return [0];
        double step = (double)(size - patch) / (count - 1);
        return Enumerable.Range(0, count).Select(t => (int)Math.Round(t * step, MidpointRounding.AwayFromZero)).ToArray();
    }
}
