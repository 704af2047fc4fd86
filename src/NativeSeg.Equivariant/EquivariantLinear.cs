using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// e3nn's o3.Linear (self-connection, no bias): out[o][w, :] = sum over inputs of the same irrep of
/// sum_u W[u, w] x[u, :] / sqrt(fan_in(o)). Channels are dim 1 of the input ([N, C] or [B, C, X, Y, Z]).
/// The learnable parameter "weight" [WeightNumel] is initialized standard normal, as e3nn does.
/// </summary>
public sealed class EquivariantLinear : nn.Module<Tensor, Tensor>
{
    public Irreps IrrepsIn { get; }
    public Irreps IrrepsOut { get; }
    public IReadOnlyList<LinearInstruction> Instructions { get; }
    public int WeightNumel { get; }

    private readonly Parameter weight;
    private readonly long[] _weightIndex, _matrixIndex;
    private readonly double[] _scale;

    public Parameter Weight => weight;

    public EquivariantLinear(Irreps irrepsIn, Irreps irrepsOut, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(EquivariantLinear))
    {
        IrrepsIn = irrepsIn;
        IrrepsOut = irrepsOut;
        var pairs = new List<(int In, int Out)>();
        for (int i = 0; i < irrepsIn.Count; i++)
            for (int o = 0; o < irrepsOut.Count; o++)
                if (irrepsIn[i].Irrep == irrepsOut[o].Irrep) pairs.Add((i, o));
        var fanIn = new double[irrepsOut.Count];
        foreach (var (i, o) in pairs) fanIn[o] += irrepsIn[i].Mul;
        var instructions = new List<LinearInstruction>();
        int offset = 0;
        foreach (var (i, o) in pairs)
        {
            int mi = irrepsIn[i].Mul, mo = irrepsOut[o].Mul;
            instructions.Add(new LinearInstruction(i, o, mi, mo, fanIn[o] > 0 ? 1 / Math.Sqrt(fanIn[o]) : 0, offset));
            offset += mi * mo;
        }
        Instructions = instructions;
        WeightNumel = offset;

        // Matrix M [dimIn, dimOut] (out = x M): entry (in u m, out w m) = a W[u, w], listed once per (path, u, w, m).
        var wi = new List<long>(); var mi2 = new List<long>(); var sc = new List<double>();
        foreach (var ins in instructions)
        {
            int d = irrepsIn[ins.IIn].Irrep.Dim;
            int offIn = irrepsIn.Offset(ins.IIn), offOut = irrepsOut.Offset(ins.IOut);
            for (int u = 0; u < ins.MulIn; u++)
                for (int w = 0; w < ins.MulOut; w++)
                    for (int m = 0; m < d; m++)
                    {
                        wi.Add(ins.WeightOffset + u * ins.MulOut + w);
                        mi2.Add((long)(offIn + u * d + m) * irrepsOut.Dim + offOut + w * d + m);
                        sc.Add(ins.PathWeight);
                    }
        }
        _weightIndex = wi.ToArray();
        _matrixIndex = mi2.ToArray();
        _scale = sc.ToArray();

        weight = new Parameter(randn(new long[] { WeightNumel }, dtype: dtype, generator: generator));
        register_parameter(nameof(weight), weight);
    }

    /// <summary>The map as a matrix [dimIn, dimOut] (differentiable in the weights): out = x · Matrix().</summary>
    public Tensor Matrix()
    {
        using var scope = NewDisposeScope();
        var w = weight.index_select(0, torch.tensor(_weightIndex, device: weight.device))
                * torch.tensor(_scale, dtype: weight.dtype, device: weight.device);
        return zeros((long)IrrepsIn.Dim * IrrepsOut.Dim, dtype: weight.dtype, device: weight.device)
            .index_add(0, torch.tensor(_matrixIndex, device: weight.device), w, KeptScalars.One)
            .view(IrrepsIn.Dim, IrrepsOut.Dim).MoveToOuterDisposeScope();
    }

    /// <summary>x [N, dimIn] or [B, dimIn, ...spatial] -> same layout with dimOut channels.</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x.shape[1] != IrrepsIn.Dim)
            throw new ArgumentException($"linear {IrrepsIn} -> {IrrepsOut}: expected channels {IrrepsIn.Dim} at dim 1, got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        var m = Matrix();
        var y = x.dim() == 2 ? x.matmul(m) : torch.movedim(torch.movedim(x, 1, -1).matmul(m), -1, 1);
        return y.MoveToOuterDisposeScope();
    }

    public override string ToString() => $"EquivariantLinear({IrrepsIn} -> {IrrepsOut} | {WeightNumel} weights)";
}
