using NativeSeg.Equivariant.Fixtures;

namespace NativeSeg.Tests.Equivariant;

/// <summary>Each fixture file recomputed by the library: max absolute error at most 1e-5.</summary>
public class FixtureAgreementTests
{
    private static readonly IReadOnlyList<IFixtureCheck> Checks = FixtureChecks.Discover(typeof(NativeSeg.SelfTest.SelfTestRunner).Assembly);

    [Theory]
    [InlineData("spherical_harmonics.json")]
    [InlineData("wigner_3j.json")]
    [InlineData("radial_basis.json")]
    [InlineData("tensor_product.json")]
    [InlineData("linear.json")]
    [InlineData("gate.json")]
    [InlineData("batch_norm.json")]
    [InlineData("wigner_d.json")]
    [InlineData("voxel_convolution.json")]
    public void FixtureFileAgrees(string file)
    {
        var report = FixtureChecks.CheckFile(FixturePaths.Fixture(file), Checks);
        Assert.True(report.Status == FixtureStatus.Passed, $"{file}: {report.Status} max error {report.MaxAbsError} ({report.Detail})");
        Assert.True(report.Values > 0);
        Assert.InRange(report.MaxAbsError!.Value, 0, FixtureCheckResult.DefaultTolerance);
    }

    [Fact]
    public void RepositoryCopyOfFixturesIsByteIdenticalToTheShared()
    {
        if (!Directory.Exists(FixturePaths.SharedE3nn)) return; // only the copy exists (nothing to compare against)
        var shared = Directory.GetFiles(FixturePaths.SharedE3nn).Select(Path.GetFileName).Order().ToList();
        var copy = Directory.GetFiles(FixturePaths.RepoCopy).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(shared, copy);
        foreach (var name in shared)
            Assert.True(File.ReadAllBytes(Path.Combine(FixturePaths.SharedE3nn, name!)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(FixturePaths.RepoCopy, name!))), $"{name} differs");
    }
}
