namespace NativeSeg.Inference;

/// <summary>The first voxel (i, j, k) of one patch.</summary>
public readonly record struct Tile(int X, int Y, int Z)
{
    public int this[int axis] => axis switch { 0 => X, 1 => Y, 2 => Z, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
}
