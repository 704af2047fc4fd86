namespace NativeSeg.Imaging.Geometry;

/// <summary>Voxel counts along the three array axes (i, j, k).</summary>
public readonly record struct Shape3(int X, int Y, int Z)
{
    public long Count => (long)X * Y * Z;

    public int this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    /// <summary>Linear index in NIfTI (Fortran) order: i varies fastest.</summary>
    public long Index(int i, int j, int k) => i + (long)X * (j + (long)Y * k);

    public int[] ToArray() => new[] { X, Y, Z };

    /// <summary>Parses "64,64,40" (or "64x64x40"); every count must be a positive integer.</summary>
    public static Shape3 Parse(string text)
    {
        var parts = text.Split(new[] { ',', 'x', 'X' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        if (values.Length != 3 || values.Any(v => v <= 0))
            throw new UserInputException($"shape '{text}': expected three positive integers, e.g. 64,64,40");
        return new Shape3(values[0], values[1], values[2]);
    }

    public override string ToString() => $"{X}x{Y}x{Z}";
}
