using NativeSeg.Imaging.Geometry;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// A part of a kernel lattice that one conv3d runs: the centred box of offsets |t_a| &lt;= Half_a, or along
/// <see cref="PairAxis"/> only the two planes t_a = ±Half_a (a dilated convolution of size 2, dilation 2 Half_a). Both
/// are symmetric about the centre, so "same" output needs padding Half_a on every axis.
/// </summary>
public readonly record struct KernelPiece(Shape3 Half, int PairAxis = -1)
{
    public bool IsPair => PairAxis >= 0;

    /// <summary>Taps per axis: 2 on the pair axis, 2 Half + 1 elsewhere.</summary>
    public Shape3 Size => new(Extent(0), Extent(1), Extent(2));

    public long Taps => (long)Size.X * Size.Y * Size.Z;

    public long[] Padding => [Half.X, Half.Y, Half.Z];

    public long[] Dilation => [Step(0), Step(1), Step(2)];

    /// <summary>This piece's entries of a full-lattice kernel [out, in, 2n_x+1, 2n_y+1, 2n_z+1] (views: gradients flow back).</summary>
    public Tensor Slice(Tensor kernel, Shape3 halfWidth)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            int start = halfWidth[axis] - Half[axis];
            kernel = axis == PairAxis && Half[axis] > 0
                ? kernel.slice(2 + axis, start, halfWidth[axis] + Half[axis] + 1, 2L * Half[axis])
                : kernel.narrow(2 + axis, start, 2L * Half[axis] + 1);
        }
        return kernel;
    }

    private int Extent(int axis) => axis == PairAxis ? (Half[axis] > 0 ? 2 : 1) : 2 * Half[axis] + 1;

    private long Step(int axis) => axis == PairAxis && Half[axis] > 0 ? 2L * Half[axis] : 1;

    /// <summary>Half widths of the smallest centred box holding every lattice point where <paramref name="carries"/> is
    /// true (0 when none is); <paramref name="carries"/> is [2n_x+1, 2n_y+1, 2n_z+1] in x-slowest order.</summary>
    public static Shape3 Support(bool[] carries, Shape3 halfWidth) => Bound(carries, halfWidth, halfWidth) ?? new Shape3(0, 0, 0);

    /// <summary>
    /// Pieces that hold every lattice point where <paramref name="carries"/> is true exactly once, greedily: from the
    /// support box, peel the outer pair of planes along the axis that saves the most taps (the pair shrunk to the
    /// points it holds), while that saves at least a twentieth of the box and at most <paramref name="maxPieces"/> pieces
    /// result. A ball-shaped support at 1 mm (5³ lattice, |t|² &lt;= 6) becomes a 5x3x3 box and two pairs (81 taps, not
    /// 125). <paramref name="carries"/> is [2n_x+1, 2n_y+1, 2n_z+1] in x-slowest order.
    /// </summary>
    public static IReadOnlyList<KernelPiece> Decompose(bool[] carries, Shape3 halfWidth, int maxPieces = 4)
    {
        var pieces = new List<KernelPiece>();
        if (Bound(carries, halfWidth, halfWidth) is not { } central) return [new KernelPiece(new Shape3(0, 0, 0))];   // all zero: one centre tap
        while (pieces.Count + 1 < maxPieces)
        {
            long cost = new KernelPiece(central).Taps;
            (long Saved, KernelPiece? Pair, Shape3 Inner)? best = null;
            for (int axis = 0; axis < 3; axis++)
            {
                if (central[axis] == 0) continue;
                var shrunk = axis switch { 0 => central with { X = central.X - 1 }, 1 => central with { Y = central.Y - 1 }, _ => central with { Z = central.Z - 1 } };
                if (Bound(carries, halfWidth, shrunk) is not { } inner) continue;
                KernelPiece? pair = Bound(carries, halfWidth, central, axis, central[axis]) is { } p
                    ? new KernelPiece(axis switch { 0 => p with { X = central.X }, 1 => p with { Y = central.Y }, _ => p with { Z = central.Z } }, axis)
                    : null;
                long saved = cost - new KernelPiece(inner).Taps - (pair?.Taps ?? 0);
                if (best is null || saved > best.Value.Saved) best = (saved, pair, inner);
            }
            if (best is not { } step || step.Saved * 20 < cost) break;
            if (step.Pair is { } piece) pieces.Add(piece);
            central = step.Inner;
        }
        pieces.Add(new KernelPiece(central));
        return pieces;
    }

    /// <summary>Largest |t_a| per axis over the weighted points inside the centred box, with axis <paramref name="only"/>
    /// (when given) restricted to the planes t = ±<paramref name="plane"/>; null when there are none.</summary>
    private static Shape3? Bound(bool[] carries, Shape3 halfWidth, Shape3 box, int only = -1, int plane = 0)
    {
        int ny = 2 * halfWidth.Y + 1, nz = 2 * halfWidth.Z + 1;
        if (carries.Length != (long)(2 * halfWidth.X + 1) * ny * nz) throw new ArgumentException($"carries: {carries.Length} points for half widths {halfWidth}");
        int hx = -1, hy = -1, hz = -1;
        for (int x = -box.X; x <= box.X; x++)
            for (int y = -box.Y; y <= box.Y; y++)
                for (int z = -box.Z; z <= box.Z; z++)
                {
                    int restricted = only switch { 0 => x, 1 => y, 2 => z, _ => plane };
                    if (Math.Abs(restricted) != plane || !carries[((long)(x + halfWidth.X) * ny + y + halfWidth.Y) * nz + z + halfWidth.Z]) continue;
                    (hx, hy, hz) = (Math.Max(hx, Math.Abs(x)), Math.Max(hy, Math.Abs(y)), Math.Max(hz, Math.Abs(z)));
                }
        return hx < 0 ? null : new Shape3(hx, hy, hz);
    }
}
