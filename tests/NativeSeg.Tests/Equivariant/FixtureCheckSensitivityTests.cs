using System.Text.Json;
using System.Text.Json.Nodes;
using NativeSeg.Equivariant.Fixtures;

namespace NativeSeg.Tests.Equivariant;

/// <summary>The checks really compare: nudging one recorded output by 1e-4 makes the file fail by that much.</summary>
public class FixtureCheckSensitivityTests
{
    private static readonly IReadOnlyList<IFixtureCheck> Checks = FixtureChecks.Discover(typeof(NativeSeg.SelfTest.SelfTestRunner).Assembly);

    [Theory]
    [InlineData("spherical_harmonics.json", "normalize_false_component")]
    [InlineData("wigner_3j.json", "items.0.values")]
    [InlineData("radial_basis.json", "items.1.values")]
    [InlineData("tensor_product.json", "items.1.right")]
    [InlineData("linear.json", "items.0.out")]
    [InlineData("gate.json", "items.1.out")]
    [InlineData("batch_norm.json", "items.1.eval_out")]
    [InlineData("wigner_d.json", "items.3.D.4")]
    public void NudgedOutputFails(string file, string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(FixturePaths.Fixture(file)))!;
        JsonNode node = root;
        foreach (var key in path.Split('.')) node = int.TryParse(key, out int i) ? node[i]! : node[key]!;
        while (node is JsonArray array) node = array[^1]!;
        double old = node.GetValue<double>();
        node.ReplaceWith(JsonValue.Create(old + 1e-4));
        using var doc = JsonDocument.Parse(root.ToJsonString());
        var check = Checks.Single(c => c.CanCheck(file, default));
        var result = check.Check(doc);
        Assert.False(result.Passed);
        Assert.InRange(result.MaxAbsError, 0.99e-4, 1.01e-4);
    }
}
