using NativeSeg.Equivariant;

namespace NativeSeg.Tests.Equivariant;

public class IrrepsTests
{
    [Fact]
    public void ParsesPrintsAndMeasures()
    {
        var irreps = Irreps.Parse("8x0e + 4x1e + 2x2e");
        Assert.Equal("8x0e+4x1e+2x2e", irreps.ToString());
        Assert.Equal(8 + 12 + 10, irreps.Dim);
        Assert.Equal(14, irreps.NumIrreps);
        Assert.Equal(2, irreps.LMax);
        Assert.Equal(new[] { (0, 8), (8, 12), (20, 10) }, irreps.Slices());
        Assert.Equal("1x0o+1x3e", Irreps.Parse("0o + 3e").ToString());
        Assert.Equal(-1, Irreps.Parse("2x1o")[0].Irrep.Parity);
        Assert.Equal(0, Irreps.Parse("").Dim);
    }

    [Theory]
    [InlineData("8x0y")]
    [InlineData("ax1e")]
    [InlineData("1x-1e")]
    [InlineData("1e++2e")]
    public void RejectsMalformedText(string text) => Assert.Throws<FormatException>(() => Irreps.Parse(text));

    [Fact]
    public void SimplifyMergesOnlyNeighbours()
    {
        Assert.Equal("3x0e+1x1e+1x0e", Irreps.Parse("1x0e+2x0e+0x2e+1x1e+1x0e").Simplify().ToString());
    }

    [Fact]
    public void SortIsStableByDegreeThenOddBeforeEven()
    {
        var (sorted, perm, inv) = Irreps.Parse("4x0e+2x0o+1x2e+3x0e+2x1e+1x1o").Sort();
        Assert.Equal("2x0o+4x0e+3x0e+1x1o+2x1e+1x2e", sorted.ToString());
        Assert.Equal(new[] { 1, 0, 3, 5, 4, 2 }, inv);
        for (int i = 0; i < perm.Length; i++) Assert.Equal(i, inv[perm[i]]);
    }

    [Fact]
    public void ScalesAndConcatenates()
    {
        var a = Irreps.Parse("8x0e+4x1e+2x2e");
        Assert.Equal("16x0e+8x1e+4x2e", a.Scale(2).ToString());
        Assert.Equal("8x0e+4x1e+2x2e+1x0e", (a + Irreps.Parse("1x0e")).ToString());
        Assert.Equal(a.Dim * 2, (a + a).Dim);
        Assert.Equal("1x0e+1x1o+1x2e", Irreps.SphericalHarmonics(2).ToString());
        Assert.Equal("1x0e+1x1e+1x2e", Irreps.SphericalHarmonics(2, p: 1).ToString());
    }
}
