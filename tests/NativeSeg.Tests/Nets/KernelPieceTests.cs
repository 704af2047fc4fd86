using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Equivariant;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>The pieces a kernel lattice's weighted points are split into: each weighted point once, nothing outside the lattice.</summary>
public class KernelPieceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.0, 1.0, 1.0, true)]
    [InlineData(1.0, 1.0, 1.0, false)]
    [InlineData(0.5, 0.5, 1.0, true)]
    [InlineData(0.45, 0.45, 5.0, true)]
    [InlineData(0.3, 0.7, 1.3, true)]
    [InlineData(2.0, 2.0, 2.0, true)]
    public void EveryWeightedLatticePointIsInExactlyOnePiece(double sx, double sy, double sz, bool cutoff)
    {
        using var basis = new LatticeBasis(new Spacing(sx, sy, sz), KernelFrame.Voxel, 2.5, 5, cutoff, Irreps.SphericalHarmonics(2, p: 1), ScalarType.Float64);
        var n = basis.HalfWidth;
        bool[] carries;
        using (NewDisposeScope()) carries = basis.Basis.abs().sum(new long[] { 0 }).gt(0).data<bool>().ToArray();
        var count = new int[carries.Length];
        foreach (var piece in basis.Pieces)
            foreach (int x in Offsets(piece, 0))
                foreach (int y in Offsets(piece, 1))
                    foreach (int z in Offsets(piece, 2))
                    {
                        Assert.True(Math.Abs(x) <= n.X && Math.Abs(y) <= n.Y && Math.Abs(z) <= n.Z, $"{piece} leaves the lattice {basis.Shape}");
                        count[((x + n.X) * (2 * n.Y + 1) + y + n.Y) * (2 * n.Z + 1) + z + n.Z]++;
                    }
        for (int i = 0; i < carries.Length; i++)
            Assert.InRange(count[i], carries[i] ? 1 : 0, 1);   // weighted: once; unweighted: at most once
        long taps = basis.Pieces.Sum(p => p.Taps), support = (2L * basis.Support.X + 1) * (2 * basis.Support.Y + 1) * (2 * basis.Support.Z + 1);
        output.WriteLine($"{basis.Shape}: {carries.Count(c => c)} weighted, support {support}, pieces {basis.Pieces.Count} with {taps} taps: {string.Join("; ", basis.Pieces)}");
        Assert.InRange(taps, carries.Count(c => c), support);
    }

    [Fact]
    public void ABallAtOneMillimetreIsABoxAndTwoPlanePairs()
    {
        // r = 2.5 mm with the cutoff on a 1 mm lattice: the weighted points are |t|^2 <= 6 (81 of 125).
        var carries = new bool[125];
        int i = 0;
        for (int x = -2; x <= 2; x++)
            for (int y = -2; y <= 2; y++)
                for (int z = -2; z <= 2; z++, i++)
                    carries[i] = x * x + y * y + z * z <= 6;
        var pieces = KernelPiece.Decompose(carries, new Shape3(2, 2, 2));
        Assert.Equal(81, pieces.Sum(p => p.Taps));
        Assert.Equal(3, pieces.Count);
        Assert.Equal(2, pieces.Count(p => p.IsPair));
        var central = pieces.Single(p => !p.IsPair).Half;
        Assert.Equal(new[] { 1, 1, 2 }, new[] { central.X, central.Y, central.Z }.Order());
    }

    private static IEnumerable<int> Offsets(KernelPiece piece, int axis) =>
        axis == piece.PairAxis && piece.Half[axis] > 0 ? [-piece.Half[axis], piece.Half[axis]] : Enumerable.Range(-piece.Half[axis], 2 * piece.Half[axis] + 1);
}
