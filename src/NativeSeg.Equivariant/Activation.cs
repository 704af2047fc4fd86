using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// A scalar activation normalized to unit second moment under N(0, 1) inputs: f(x) * <see cref="Constant"/>.
/// <see cref="Parity"/>: +1 even function, -1 odd, 0 neither (decides what it may act on: 0o inputs need odd or
/// even functions, and even ones turn them into 0e).
/// </summary>
public sealed record Activation(string Name, Func<Tensor, Tensor> Function, double Constant, int Parity)
{
    /// <summary>
    /// e3nn's normalize2mom constants, c_f = 1/sqrt(mean f(z)^2) estimated from 1e6 float64 normals of a CPU
    /// generator seeded 0 (not the analytic values; relu's differs from sqrt2 by 1.5e-3 relative).
    /// </summary>
    public static IReadOnlyDictionary<string, double> Normalize2Mom { get; } = new Dictionary<string, double>
    {
        ["relu"] = 1.4163393446331365,
        ["sigmoid"] = 1.8467055342154763,
        ["tanh"] = 1.5937334472592695,
        ["silu"] = 1.6791767923989418,
        ["abs"] = 1.001110600838467,
    };

    public static Activation Named(string name) => name.Trim().ToLowerInvariant() switch
    {
        "relu" => new("relu", x => nn.functional.relu(x), Normalize2Mom["relu"], 0),
        "sigmoid" => new("sigmoid", x => sigmoid(x), Normalize2Mom["sigmoid"], 0),
        "tanh" => new("tanh", x => tanh(x), Normalize2Mom["tanh"], -1),
        "silu" => new("silu", x => nn.functional.silu(x), Normalize2Mom["silu"], 0),
        "abs" => new("abs", x => abs(x), Normalize2Mom["abs"], 1),
        _ => throw new ArgumentException($"activation '{name}': expected relu, sigmoid, tanh, silu or abs"),
    };

    public Tensor Apply(Tensor x) => Function(x) * KeptScalars.Of(Constant);

    /// <summary>Output irrep of this activation on a scalar irrep (e3nn's rule); throws when it would break parity.</summary>
    public Irrep OutputIrrep(Irrep input)
    {
        if (input.L != 0) throw new ArgumentException($"activation {Name}: only scalars (l = 0) can be activated, got {input}");
        if (input.Parity == 1) return input;
        return Parity switch
        {
            -1 => input,
            1 => new Irrep(0, 1),
            _ => throw new ArgumentException($"activation {Name} is neither even nor odd, so it cannot act on odd scalars ({input})"),
        };
    }
}
