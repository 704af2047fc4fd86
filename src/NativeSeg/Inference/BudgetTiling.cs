using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using System.Globalization;

namespace NativeSeg.Inference;

/// <summary>
/// The tile of a whole-volume prediction that must stay within a memory budget (the net's pass on the tile plus the
/// whole-grid arrays the prediction holds meanwhile, <see cref="PredictionBytes"/>). Among the tilings the sliding window
/// can make — n_a tiles along axis a, each T_a = ceil(L_a / (1 + f (n_a - 1))) voxels, the smallest tile that n_a
/// windows at step fraction f still spread over the axis — it takes the one whose forward pass fits the budget and
/// whose tiles hold the fewest voxels in all (the net's time grows with the voxels it sees), among tiles no flatter
/// than <see cref="MaxAspect"/> in millimetres (a thin slab would be cheaper but leaves most of its voxels near a face,
/// where the net sees zero padding instead of anatomy; an axis the tile spans whole is exempt). Tiles need not be cubes:
/// a paper-size RA-U-Net on a 182x218x182 brain at 1 mm under 4 GiB goes in 1x2x2 tiles of 182x125x104 (9.5 M voxels)
/// where the largest fitting cube needs 2x2x2 = 8 tiles.
/// </summary>
public static class BudgetTiling
{
    /// <summary>Tilings tried per axis (beyond it the tile is small enough for any budget the net can run in).</summary>
    public const int MaxTilesPerAxis = 32;

    /// <summary>The smallest tile edge (voxels): below it the zero-padded borders dominate.</summary>
    public const int MinTileVoxels = 8;

    /// <summary>Longest over shortest tile edge in mm, for edges shorter than their axis.</summary>
    public const double MaxAspect = 2;

    /// <summary>
    /// Whole-grid float32 arrays a prediction holds beside the net's pass: the image, its normalized copy, the input
    /// tensor, the blended logits and their weights, and one more for a second class or a resampled grid. On a
    /// 0.5x0.5x1 mm brain (28.9 M voxels) that is 0.65 GiB the budget has to leave to them.
    /// </summary>
    public const int VolumeCopies = 6;

    /// <summary>Peak bytes of predicting a <paramref name="volume"/> in passes over <paramref name="window"/> (the volume itself for one pass).</summary>
    public static double PredictionBytes(ModelConfig config, Shape3 volume, Shape3 window, Spacing spacing) =>
        MemoryEstimate.InferenceBytes(config, window, spacing) + VolumeCopies * sizeof(float) * (double)volume.Count;

    public static Shape3 Tile(ModelConfig config, Shape3 volume, Spacing spacing, double budgetBytes, double stepFraction)
    {
        var smallest = new Shape3(Math.Min(MinTileVoxels, volume.X), Math.Min(MinTileVoxels, volume.Y), Math.Min(MinTileVoxels, volume.Z));
        double smallestNeed = PredictionBytes(config, volume, smallest, spacing);
        if (smallestNeed > budgetBytes)
            throw new MemoryBudgetException(string.Create(CultureInfo.InvariantCulture,
                $"prediction: even a {smallest.X}x{smallest.Y}x{smallest.Z} tile at {spacing} mm needs {smallestNeed / (1L << 30):0.0} GiB for {config.Name} beside the " +
                    $"{volume.X}x{volume.Y}x{volume.Z} volume's own arrays, more than the --max-memory budget of {budgetBytes / (1L << 30):0.0} GiB"));
        var axes = Enumerable.Range(0, 3).Select(a => AxisTilings(volume[a], stepFraction)).ToArray();
        var best = smallest;
        double bestVoxels = double.PositiveInfinity;
        long bestTiles = long.MaxValue;
        foreach (var x in axes[0])
            foreach (var y in axes[1])
                foreach (var z in axes[2])
                {
                    var tile = new Shape3(x.Size, y.Size, z.Size);
                    long tiles = (long)x.Count * y.Count * z.Count;
                    double voxels = (double)tiles * tile.Count;
                    if (voxels > bestVoxels || (voxels == bestVoxels && tiles >= bestTiles)) continue;
                    if (TooFlat(tile, volume, spacing)) continue;
                    if (PredictionBytes(config, volume, tile, spacing) > budgetBytes) continue;
                    (best, bestVoxels, bestTiles) = (tile, voxels, tiles);
                }
        return best;
    }

    private static bool TooFlat(Shape3 tile, Shape3 volume, Spacing spacing)
    {
        double longest = Math.Max(tile.X * spacing.X, Math.Max(tile.Y * spacing.Y, tile.Z * spacing.Z));
        for (int a = 0; a < 3; a++)
            if (tile[a] < volume[a] && tile[a] * spacing[a] * MaxAspect < longest) return true;
        return false;
    }

    /// <summary>(windows, tile size) along one axis for 1, 2, ... windows, each size the smallest that count covers.</summary>
    private static List<(int Count, int Size)> AxisTilings(int length, double stepFraction)
    {
        var tilings = new List<(int Count, int Size)>();
        int floor = Math.Min(MinTileVoxels, length);
        for (int n = 1; n <= MaxTilesPerAxis; n++)
        {
            int size = Math.Clamp((int)Math.Ceiling(length / (1 + stepFraction * (n - 1)) - 1e-9), floor, length);
            if (tilings.Count > 0 && tilings[^1].Size == size) continue;
            tilings.Add((SlidingWindow.Starts(length, size, stepFraction).Length, size));
            if (size == floor) break;
        }
        return tilings;
    }
}
