using System.Text.Json;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>wigner_3j.json: every recorded (l1, l2, l3) tensor.</summary>
public sealed class Wigner3jCheck : IFixtureCheck
{
    public string Kind => "wigner_3j";

    public bool CanCheck(string fileName, JsonElement meta) => FixtureChecks.NamedFor(Kind, fileName);

    public FixtureCheckResult Check(JsonDocument document)
    {
        using var scope = NewDisposeScope();
        var errors = new ErrorTracker();
        foreach (var item in document.RootElement.Required("items").EnumerateArray())
        {
            int l1 = item.Int("l1"), l2 = item.Int("l2"), l3 = item.Int("l3");
            errors.Compare(Wigner3j.Tensor(l1, l2, l3), item.Tensor("values"), $"({l1},{l2},{l3})");
        }
        return errors.Result();
    }
}
