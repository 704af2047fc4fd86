namespace NativeSeg.Imaging;

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

    public override string ToString() => $"{X}x{Y}x{Z}";
}
