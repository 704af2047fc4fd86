using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>Reads the fixture format: nested JSON lists of numbers (row-major) and named scalars.</summary>
public static class FixtureJson
{
    public static JsonElement Required(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"fixture: missing field '{name}'");

    public static double Number(this JsonElement e, string name) => e.Required(name).GetDouble();
    public static int Int(this JsonElement e, string name) => e.Required(name).GetInt32();
    public static bool Bool(this JsonElement e, string name) => e.Required(name).GetBoolean();
    public static string Text(this JsonElement e, string name) => e.Required(name).GetString() ?? throw new InvalidDataException($"fixture: field '{name}' is null");
    public static Irreps IrrepsOf(this JsonElement e, string name) => Irreps.Parse(e.Text(name));

    /// <summary>A nested list of numbers as a float64 tensor of the nested shape.</summary>
    public static Tensor Tensor(this JsonElement e, string name) => ToTensor(e.Required(name), name);

    public static Tensor ToTensor(JsonElement array, string what = "array")
    {
        var shape = new List<long>();
        var probe = array;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0) break;
            probe = probe[0];
        }
        if (probe.ValueKind is not (JsonValueKind.Number or JsonValueKind.Array))
            throw new InvalidDataException($"fixture: '{what}' is not a nested list of numbers");
        var values = new List<double>();
        Flatten(array, 0, shape, values, what);
        return torch.tensor(values.ToArray(), dtype: float64).reshape(shape.ToArray());
    }

    private static void Flatten(JsonElement e, int depth, List<long> shape, List<double> values, string what)
    {
        if (depth == shape.Count)
        {
            if (e.ValueKind != JsonValueKind.Number) throw new InvalidDataException($"fixture: '{what}' is ragged or holds a non-number");
            values.Add(e.GetDouble());
            return;
        }
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != shape[depth])
            throw new InvalidDataException($"fixture: '{what}' is ragged (expected {shape[depth]} entries at depth {depth})");
        foreach (var child in e.EnumerateArray()) Flatten(child, depth + 1, shape, values, what);
    }

    /// <summary>max |a - b| (shapes must agree).</summary>
    public static double MaxAbsDiff(Tensor actual, Tensor expected, string what)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
            throw new InvalidDataException($"{what}: shape [{string.Join(", ", actual.shape)}] differs from the fixture's [{string.Join(", ", expected.shape)}]");
        if (expected.numel() == 0) return 0;
        using var d = (actual.to_type(float64) - expected).abs().max();
        return d.item<double>();
    }
}

/// <summary>Accumulates the worst error over several comparisons and remembers where it occurred (NaN counts as infinite).</summary>
public sealed class ErrorTracker
{
    private double _max;
    private long _count;
    private string _where = "";

    public void Compare(Tensor actual, Tensor expected, string what) =>
        Record(FixtureJson.MaxAbsDiff(actual, expected, what), expected.numel(), what);

    public void CompareScalar(double actual, double expected, string what) => Record(Math.Abs(actual - expected), 1, what);

    private void Record(double error, long values, string what)
    {
        if (double.IsNaN(error)) error = double.PositiveInfinity;
        _count += values;
        if (_where.Length == 0 || error > _max) { _max = Math.Max(_max, error); _where = what; }
    }

    public FixtureCheckResult Result() => new(_max, _count, _count == 0 ? "nothing compared" : $"worst: {_where}");
}
