using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>gate.json: layout (irreps_in, sorted blocks, extract, irreps_out), normalize2mom constants, outputs.</summary>
public sealed class GateCheck() : NamedFixtureCheck("gate")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        if (root.TryGetProperty("normalize2mom", out var constants))
            foreach (var c in constants.EnumerateObject())
                errors.CompareScalar(Activation.Named(c.Name).Constant, c.Value.GetDouble(), $"normalize2mom {c.Name}");
        int index = 0;
        foreach (var item in root.Required("items").EnumerateArray())
        {
            var actScalars = item.Required("act_scalars").EnumerateArray().Select(a => a.GetString()!).ToList();
            var actGates = item.Required("act_gates").EnumerateArray().Select(a => a.GetString()!).ToList();
            if (actGates.Count != 1) throw new InvalidDataException($"gate: expected one gate activation, got {actGates.Count}");
            using var gate = new Gate(item.IrrepsOf("irreps_scalars"), actScalars, item.IrrepsOf("irreps_gates"), actGates[0], item.IrrepsOf("irreps_gated"));
            string name = $"item {index++}";
            Expect(gate.IrrepsIn, item.IrrepsOf("irreps_in"), name, "irreps_in");
            Expect(gate.IrrepsOut, item.IrrepsOf("irreps_out"), name, "irreps_out");
            if (item.TryGetProperty("irreps_in_sorted_unsimplified", out _))
                Expect(gate.IrrepsInSortedUnsimplified, item.IrrepsOf("irreps_in_sorted_unsimplified"), name, "irreps_in_sorted_unsimplified");
            if (item.TryGetProperty("extract", out var extract))
            {
                var mine = new Dictionary<string, int[]> { ["scalars"] = gate.Extract.Scalars, ["gates"] = gate.Extract.Gates, ["gated"] = gate.Extract.Gated };
                foreach (var group in extract.EnumerateObject())
                    if (!group.Value.EnumerateArray().Select(v => v.GetInt32()).SequenceEqual(mine[group.Name]))
                        throw new InvalidDataException($"{name}: extract.{group.Name} differs from the fixture's");
            }
            errors.Compare(gate.forward(item.Tensor("x")), item.Tensor("out"), name);
        }
    }

    private static void Expect(Irreps actual, Irreps expected, string name, string field)
    {
        if (actual != expected) throw new InvalidDataException($"{name}: {field} {actual}, fixture {expected}");
    }
}
