using System.Text.Json;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>linear.json: instructions and the output for the recorded weights, per configuration.</summary>
public sealed class LinearCheck() : NamedFixtureCheck("linear")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        int index = 0;
        foreach (var item in root.Required("items").EnumerateArray())
        {
            using var linear = new EquivariantLinear(item.IrrepsOf("irreps_in"), item.IrrepsOf("irreps_out"), dtype: ScalarType.Float64);
            string name = $"item {index++}";
            CompareInstructions(linear.Instructions, item.Required("instructions"), name, errors);
            if (linear.WeightNumel != item.Int("weight_numel"))
                throw new InvalidDataException($"{name}: weight_numel {linear.WeightNumel}, fixture {item.Int("weight_numel")}");
            using (no_grad()) linear.Weight.copy_(item.Tensor("weight"));
            errors.Compare(linear.forward(item.Tensor("x")), item.Tensor("out"), name);
        }
    }

    internal static void CompareInstructions(IReadOnlyList<LinearInstruction> actual, JsonElement expected, string name, ErrorTracker errors)
    {
        var list = expected.EnumerateArray().ToList();
        if (list.Count != actual.Count) throw new InvalidDataException($"{name}: {actual.Count} paths, fixture has {list.Count}");
        for (int p = 0; p < list.Count; p++)
        {
            var e = list[p];
            var a = actual[p];
            var shape = e.Required("path_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            if (a.IIn != e.Int("i_in") || a.IOut != e.Int("i_out") || a.WeightOffset != e.Int("weight_offset") || !shape.SequenceEqual(a.PathShape))
                throw new InvalidDataException($"{name}: path {p} differs from the fixture's");
            errors.CompareScalar(a.PathWeight, e.Number("path_weight"), $"{name} path_weight {p}");
        }
    }
}
