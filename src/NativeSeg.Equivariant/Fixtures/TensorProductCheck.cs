using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>tensor_product.json: instructions (structure and path weights), forward and right() per configuration.</summary>
public sealed class TensorProductCheck() : NamedFixtureCheck("tensor_product")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        int index = 0;
        foreach (var item in root.Required("items").EnumerateArray())
        {
            foreach (var (field, value) in new[] { ("irrep_normalization", "component"), ("path_normalization", "element") })
                if (item.TryGetProperty(field, out var v) && v.GetString() != value)
                    throw new InvalidDataException($"tensor_product: {field} '{v.GetString()}' is not supported (only '{value}')");
            var tp = new FullyConnectedTensorProduct(item.IrrepsOf("irreps_in1"), item.IrrepsOf("irreps_in2"), item.IrrepsOf("irreps_out"));
            string name = $"item {index++}";
            CompareInstructions(tp.Instructions, item.Required("instructions"), name, errors);
            if (tp.WeightNumel != item.Int("weight_numel"))
                throw new InvalidDataException($"{name}: weight_numel {tp.WeightNumel}, fixture {item.Int("weight_numel")}");
            var x1 = item.Tensor("x1");
            var x2 = item.Tensor("x2");
            var w = item.Tensor("weight");
            errors.Compare(tp.Forward(x1, x2, w), item.Tensor("out"), $"{name} forward");
            if (item.TryGetProperty("right", out var right))
            {
                var expected = FixtureJson.ToTensor(right, "right");
                errors.Compare(tp.Right(x2, w), expected, $"{name} right");
                errors.Compare(RightByCoupling(tp, x2, w), expected, $"{name} right (coupling matrix)");
            }
        }
    }

    /// <summary>
    /// right[n] through <see cref="RightCoupling"/>, the path convolutions use: per-point weights are a radial expansion
    /// with one basis function per point (emb = identity), so A[(o, i), (n, s)] x2[n, s] summed over s is right[n].
    /// </summary>
    private static TorchSharp.torch.Tensor RightByCoupling(FullyConnectedTensorProduct tp, TorchSharp.torch.Tensor x2, TorchSharp.torch.Tensor w)
    {
        long n = x2.shape[0];
        var a = tp.RightCoupling((int)n).Matrix(w).view(tp.IrrepsOut.Dim, tp.IrrepsIn1.Dim, n, tp.IrrepsIn2.Dim);
        return (a * x2.unsqueeze(0).unsqueeze(0)).sum(3).permute(2, 1, 0);
    }

    /// <summary>Same paths in the same order with the same offsets; path weights compared numerically.</summary>
    internal static void CompareInstructions(IReadOnlyList<TensorProductInstruction> actual, JsonElement expected, string name, ErrorTracker errors)
    {
        var list = expected.EnumerateArray().ToList();
        if (list.Count != actual.Count)
            throw new InvalidDataException($"{name}: {actual.Count} paths, fixture has {list.Count}");
        for (int p = 0; p < list.Count; p++)
        {
            var e = list[p];
            var a = actual[p];
            var shape = e.Required("path_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            bool same = a.IIn1 == e.Int("i_in1") && a.IIn2 == e.Int("i_in2") && a.IOut == e.Int("i_out")
                        && a.WeightOffset == e.Int("weight_offset") && shape.SequenceEqual(a.PathShape)
                        && (!e.TryGetProperty("connection_mode", out var mode) || mode.GetString() == a.ConnectionMode);
            if (!same) throw new InvalidDataException($"{name}: path {p} differs from the fixture's");
            errors.CompareScalar(a.PathWeight, e.Number("path_weight"), $"{name} path_weight {p}");
        }
    }
}
