using Xunit.Abstractions;

namespace NativeSeg.Tests.Source;

public class TemporaryScalarTests(ITestOutputHelper log)
{
    /// <summary>No place in src/ hands libtorch a Scalar that nothing keeps alive (<see cref="TemporaryScalars"/>).</summary>
    [Fact]
    public void TheProductMakesNoTemporaryScalar()
    {
        var findings = TemporaryScalars.In(Path.Combine(FixturePaths.RepoRoot, "src"));
        foreach (var f in findings) log.WriteLine(f.ToString());
        Assert.True(findings.Count == 0, $"{findings.Count} temporary Scalars, e.g.\n{string.Join("\n", findings.Take(20))}");
    }
}
