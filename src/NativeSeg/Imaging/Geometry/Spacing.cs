using System.Globalization;

namespace NativeSeg.Imaging.Geometry;

/// <summary>Voxel size in millimetres along the three array axes (i, j, k).</summary>
public readonly record struct Spacing(double X, double Y, double Z)
{
    /// <summary>Tolerance used to group acquisitions into one resolution cluster.</summary>
    public const double ClusterTolerance = 0.04;

    public static Spacing Isotropic(double mm) => new(mm, mm, mm);

    public double this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public double[] ToArray() => new[] { X, Y, Z };

    public bool ApproximatelyEquals(Spacing other, double tolerance = ClusterTolerance) =>
        Math.Abs(X - other.X) <= tolerance && Math.Abs(Y - other.Y) <= tolerance && Math.Abs(Z - other.Z) <= tolerance;

    /// <summary>Parses "0.5,0.5,3" (or "0.5x0.5x3"); a single number means isotropic.</summary>
    public static Spacing Parse(string text)
    {
        var parts = text.Split(new[] { ',', 'x', 'X' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (values.Length == 1) values = new[] { values[0], values[0], values[0] };
        if (values.Length != 3 || values.Any(v => !double.IsFinite(v) || v <= 0))
            throw new UserInputException($"spacing '{text}': expected three positive numbers in mm, e.g. 0.5,0.5,3");
        return new Spacing(values[0], values[1], values[2]);
    }

    public override string ToString() =>
        string.Join("x", ToArray().Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
}
