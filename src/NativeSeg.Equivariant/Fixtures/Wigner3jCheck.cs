using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>wigner_3j.json: every recorded (l1, l2, l3) tensor.</summary>
public sealed class Wigner3jCheck() : NamedFixtureCheck("wigner_3j")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        foreach (var item in root.Required("items").EnumerateArray())
        {
            int l1 = item.Int("l1"), l2 = item.Int("l2"), l3 = item.Int("l3");
            errors.Compare(Wigner3j.Tensor(l1, l2, l3), item.Tensor("values"), $"({l1},{l2},{l3})");
        }
    }
}
