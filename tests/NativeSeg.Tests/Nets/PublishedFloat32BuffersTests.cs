using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Import;
using NativeSeg.Nets.Kernels;
using System.Collections;
using System.Text.RegularExpressions;
using NativeSeg.Equivariant;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The published model's torch.save (testdata/e3nn_unet) carries the buffers its constructor built in float32: the
/// radial values (emb) and harmonics (sh) at the lattice of each level (1, 2 and 4 mm) and the Wigner 3j of each
/// compiled right tensor product. NativeSeg's published-float32 buffers must equal them bit for bit.
/// </summary>
public class PublishedFloat32BuffersTests
{
    private static readonly Lazy<Dictionary<string, Tensor>> StateDict = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(FixturePaths.RepoRoot, "testdata", "e3nn_unet", "e3nn_unet_state_dict.pt"));
        var table = PyTorchUnpickler.UnpickleStateDict(stream);
        var dict = new Dictionary<string, Tensor>();
        // Shared across tests: kept out of whichever test's dispose scope first loads them.
        foreach (DictionaryEntry e in table) dict[(string)e.Key] = ((Tensor)e.Value!).DetachFromDisposeScope();
        return dict;
    });

    [Theory]
    [InlineData("down.down_blocks.0.conv1", 1.0, 2.5)]
    [InlineData("down.down_blocks.1.conv2", 2.0, 5.0)]
    [InlineData("down.down_blocks.2.conv1", 4.0, 10.0)]
    [InlineData("up.up_blocks.0.conv2", 2.0, 5.0)]
    public void RadialValuesAndHarmonicsEqualThePublishedBuffersBitForBit(string module, double spacingMm, double radiusMm)
    {
        using var scope = NewDisposeScope();
        var published = StateDict.Value;
        var spacing = Spacing.Isotropic(spacingMm);
        var half = KernelPlan.HalfWidths(radiusMm, spacing);
        var (emb, sh) = PublishedFloat32Buffers.Build(spacing, half, KernelFrame.Voxel, radiusMm, 5, cutoff: false, lmax: 2);
        var publishedEmb = published[module + ".emb"].reshape(-1, 5).to(ScalarType.Float64);
        var publishedSh = published[module + ".sh"].reshape(-1, 9).to(ScalarType.Float64);
        Assert.Equal(0, (emb != publishedEmb).sum().item<long>());
        Assert.Equal(0, (sh != publishedSh).sum().item<long>());

        // The float64 buffers rounded once to float32 are not these: the published arithmetic is float32 throughout.
        using var exact = new LatticeBasis(spacing, KernelFrame.Voxel, radiusMm, 5, cutoff: false, Irreps.SphericalHarmonics(2, p: 1), ScalarType.Float64);
        using var published32 = new LatticeBasis(spacing, KernelFrame.Voxel, radiusMm, 5, cutoff: false, Irreps.SphericalHarmonics(2, p: 1), ScalarType.Float64,
                                                 precision: KernelBufferPrecision.PublishedFloat32);
        Assert.True((exact.Basis != published32.Basis).sum().item<long>() > 0);
        Assert.InRange((exact.Basis - published32.Basis).abs().max().item<double>(), 1e-10, 1e-6);
    }

    [Theory]
    [InlineData(0.5, 0.5, 1.0, 4)]   // r / s = 5: the shell at exactly r carries nothing
    [InlineData(1.0, 1.0, 1.0, 2)]
    public void WithTheCutoffTheyAreTheFloat64BasisToFloat32Rounding(double sx, double sy, double sz, int supportX)
    {
        // No published file has cutoff=True; its linspace(0, r, number + 2)[1:-1] branch must still be e3nn's: within
        // float32 rounding of the float64 basis, and zero on the same outer shell.
        using var scope = NewDisposeScope();
        var spacing = new Spacing(sx, sy, sz);
        var sh = Irreps.SphericalHarmonics(2, p: 1);
        using var exact = new LatticeBasis(spacing, KernelFrame.Voxel, 2.5, 5, cutoff: true, sh, ScalarType.Float64);
        using var published = new LatticeBasis(spacing, KernelFrame.Voxel, 2.5, 5, cutoff: true, sh, ScalarType.Float64, precision: KernelBufferPrecision.PublishedFloat32);
        double scale = exact.Basis.abs().max().item<double>();
        Assert.InRange((exact.Basis - published.Basis).abs().max().item<double>() / scale, 1e-12, 1e-6);
        Assert.Equal(exact.Support, published.Support);
        Assert.Equal(supportX, published.Support.X);
    }

    [Fact]
    public void TheRightTensorProductsWigner3jAreTheFloat32Coefficients()
    {
        using var scope = NewDisposeScope();
        var names = StateDict.Value.Keys.Where(k => k.Contains("._compiled_main_right._w3j_")).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var l = Regex.Match(name, @"_w3j_(\d)_(\d)_(\d)$").Groups;
            int l1 = int.Parse(l[1].Value), l2 = int.Parse(l[2].Value), l3 = int.Parse(l[3].Value);
            Assert.True(l1 > 0 && l2 > 0 && l3 > 0, $"{name}: e3nn compiles paths with an l = 0 without a Wigner 3j buffer");
            Assert.Equal(0, (Wigner3j.Tensor(l1, l2, l3, ScalarType.Float32) != StateDict.Value[name]).sum().item<long>());
        }
    }

    [Theory]
    [InlineData(-0.625f)]
    [InlineData(-2.5f)]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-87.3f)]
    [InlineData(10.5f)]
    public void SleefExpIsWithinOneUnitInTheLastPlaceOfExp(float x)
    {
        float sleef = PublishedFloat32Buffers.SleefExpF(x), exact = (float)Math.Exp(x);
        Assert.InRange(Math.Abs(BitConverter.SingleToInt32Bits(sleef) - BitConverter.SingleToInt32Bits(exact)), 0, 1);
    }

    [Fact]
    public void SleefExpUnderflowsAndOverflowsWhereSleefDoes()
    {
        Assert.Equal(0f, PublishedFloat32Buffers.SleefExpF(-105f));
        Assert.Equal(float.PositiveInfinity, PublishedFloat32Buffers.SleefExpF(105f));
    }
}
