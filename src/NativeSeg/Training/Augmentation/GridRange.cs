using NativeSeg.Imaging.Geometry;
using System.Globalization;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// The grids `--grid-augment` re-acquires patches on (`--grid-range IN_MIN-IN_MAX,SLICE_MIN-SLICE_MAX`): in-plane
/// spacing and slice thickness (= slice spacing, no gap) drawn uniformly from their ranges, the slice along one of the
/// three array axes with equal chance. The default spans clinical MS protocols: 0.4-2.0 mm in-plane, 1-6 mm slices.
/// </summary>
public sealed record GridRange(double InPlaneMin, double InPlaneMax, double SliceMin, double SliceMax)
{
    public static GridRange Default { get; } = new(0.4, 2.0, 1, 6);

    /// <summary>A drawn grid: its spacing along the array axes, the slice axis holding the slice thickness.</summary>
    public Spacing Draw(SeededRandom random)
    {
        double inPlane = InPlaneMin + random.NextDouble() * (InPlaneMax - InPlaneMin);
        double slice = SliceMin + random.NextDouble() * (SliceMax - SliceMin);
        int axis = random.Next(3);
        return new Spacing(axis == 0 ? slice : inPlane, axis == 1 ? slice : inPlane, axis == 2 ? slice : inPlane);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{InPlaneMin:0.###}-{InPlaneMax:0.###},{SliceMin:0.###}-{SliceMax:0.###}");

    public static GridRange Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && ParseRange(parts[0]) is var (a, b) && ParseRange(parts[1]) is var (c, d))
        {
            if (a <= 0 || c <= 0 || b > 20 || d > 20)
                throw new UserInputException($"--grid-range '{text}': spacings must lie above 0 and at most 20 mm");
            return new GridRange(a, b, c, d);
        }
        throw new UserInputException($"--grid-range '{text}': expected IN_PLANE_MIN-IN_PLANE_MAX,SLICE_MIN-SLICE_MAX in mm with MIN <= MAX (e.g. {Default})");
    }

    private static (double Min, double Max)? ParseRange(string text)
    {
        var ends = text.Split('-', StringSplitOptions.TrimEntries);
        if (ends.Length == 1 && Number(ends[0]) is double single) return (single, single);
        if (ends.Length == 2 && Number(ends[0]) is double lo && Number(ends[1]) is double hi && lo <= hi) return (lo, hi);
        return null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
