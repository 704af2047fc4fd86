using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>radial_basis.json: every item (shared x) and every extra item (its own x).</summary>
public sealed class RadialBasisCheck() : NamedFixtureCheck("radial_basis")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        var sharedX = root.TryGetProperty("x", out var x) ? FixtureJson.ToTensor(x, "x") : null;
        foreach (var listName in new[] { "items", "extra_items" })
        {
            if (!root.TryGetProperty(listName, out var list)) continue;
            foreach (var item in list.EnumerateArray())
            {
                var xs = item.TryGetProperty("x", out var own) ? FixtureJson.ToTensor(own, "x")
                    : sharedX ?? throw new InvalidDataException("radial_basis: no x for an item");
                string basis = item.Text("basis");
                bool cutoff = item.Bool("cutoff");
                int number = item.Int("number");
                var actual = RadialBasis.SoftOneHotLinspace(xs, item.Number("start"), item.Number("end"), number, RadialBasis.ParseKind(basis), cutoff);
                errors.Compare(actual, item.Tensor("values"), $"{basis} cutoff={cutoff} number={number}");
            }
        }
    }
}
