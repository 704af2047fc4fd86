using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// e3nn's gated nonlinearity. Input irreps: scalars + gates + gated (each simplified) concatenated, then sorted by
/// irrep (stable) and simplified, exactly as e3nn lays them out. Output: act(scalars) in irreps_scalars order, then
/// the gated irreps in irreps_gated order, copy k times act_gate(gate k). Channels are dim 1 of the input.
/// No parameters.
/// </summary>
public sealed class Gate : nn.Module<Tensor, Tensor>
{
    public Irreps IrrepsScalars { get; }
    public Irreps IrrepsGates { get; }
    public Irreps IrrepsGated { get; }

    /// <summary>The layout the gate reads (sorted, simplified).</summary>
    public Irreps IrrepsIn { get; }

    /// <summary>The sorted blocks before simplification (where each group sits, see <see cref="Extract"/>).</summary>
    public Irreps IrrepsInSortedUnsimplified { get; }

    public Irreps IrrepsOut { get; }

    /// <summary>For scalars, gates and gated: the block of <see cref="IrrepsInSortedUnsimplified"/> holding each of its (simplified) blocks.</summary>
    public (int[] Scalars, int[] Gates, int[] Gated) Extract { get; }

    private readonly IReadOnlyList<Activation> _scalarActs;
    private readonly Activation _gateAct;
    private readonly long[] _scalarChannels, _gateChannels, _gatedChannels, _gateOfGatedChannel;
    private readonly (int Start, int Length)[] _scalarBlocks;
    private readonly (long Start, long Length)? _scalarRange, _gateRange, _gatedRange;
    private readonly (long Start, long Mul, long Dim, long FirstGate)[] _gatedBlocks;

    /// <param name="actScalars">One activation per block of <paramref name="irrepsScalars"/> as written.</param>
    public Gate(Irreps irrepsScalars, IReadOnlyList<Activation> actScalars, Irreps irrepsGates, Activation actGates, Irreps irrepsGated)
        : base(nameof(Gate))
    {
        if (irrepsScalars.Any(b => b.Irrep.L != 0)) throw new ArgumentException($"gate: scalars {irrepsScalars} must all be l = 0");
        if (irrepsGates.Any(b => b.Irrep.L != 0)) throw new ArgumentException($"gate: gates {irrepsGates} must all be l = 0");
        if (irrepsGates.NumIrreps != irrepsGated.NumIrreps)
            throw new ArgumentException($"gate: {irrepsGates.NumIrreps} gates for {irrepsGated.NumIrreps} gated irreps ({irrepsGates} vs {irrepsGated})");
        if (actScalars.Count != irrepsScalars.Count)
            throw new ArgumentException($"gate: {actScalars.Count} activations for {irrepsScalars.Count} scalar blocks ({irrepsScalars})");

        IrrepsScalars = irrepsScalars.Simplify();
        IrrepsGates = irrepsGates.Simplify();
        IrrepsGated = irrepsGated.Simplify();
        var groups = new[] { IrrepsScalars, IrrepsGates, IrrepsGated };
        var concatenated = IrrepsScalars + IrrepsGates + IrrepsGated;
        var (sorted, perm, _) = concatenated.Sort();
        IrrepsInSortedUnsimplified = sorted;
        IrrepsIn = sorted.Simplify();

        // Channels of each group, in the group's own block order, inside the sorted layout.
        var extract = new int[3][];
        var channels = new long[3][];
        int first = 0;
        for (int g = 0; g < 3; g++)
        {
            extract[g] = Enumerable.Range(first, groups[g].Count).Select(i => perm[i]).ToArray();
            channels[g] = extract[g].SelectMany(b => Enumerable.Range(sorted.Offset(b), sorted[b].Dim).Select(c => (long)c)).ToArray();
            first += groups[g].Count;
        }
        Extract = (extract[0], extract[1], extract[2]);
        (_scalarChannels, _gateChannels, _gatedChannels) = (channels[0], channels[1], channels[2]);

        _scalarActs = actScalars;
        _gateAct = actGates;
        _scalarBlocks = irrepsScalars.Slices().ToArray();
        var scalarsOut = new Irreps(irrepsScalars.Select((b, i) => new MulIrrep(b.Mul, actScalars[i].OutputIrrep(b.Irrep))));
        foreach (var b in irrepsGates) actGates.OutputIrrep(b.Irrep);
        // Gated copy k (in irreps_gated order) is multiplied by gate k; its parity times the gate's (0e gates keep it).
        var gateParity = irrepsGates.SelectMany(b => Enumerable.Repeat(actGates.OutputIrrep(b.Irrep).Parity, b.Mul)).ToArray();
        var copies = IrrepsGated.Copies();
        if (gateParity.Any(p => p != 1))
            throw new ArgumentException($"gate: gates {irrepsGates} with {actGates.Name} must give even gates");
        _gateOfGatedChannel = copies.SelectMany((c, k) => Enumerable.Repeat((long)k, c.Irrep.Dim)).ToArray();
        IrrepsOut = scalarsOut + IrrepsGated;
        (_scalarRange, _gateRange, _gatedRange) = (Range(_scalarChannels), Range(_gateChannels), Range(_gatedChannels));
        int firstGate = 0;
        _gatedBlocks = IrrepsGated.Select((b, j) =>
        {
            var block = ((long)IrrepsGated.Offset(j), (long)b.Mul, (long)b.Irrep.Dim, (long)firstGate);
            firstGate += b.Mul;
            return block;
        }).ToArray();
    }

    /// <summary>The channels as one ascending run (read as a view, not copied), or null when they are not one.</summary>
    private static (long Start, long Length)? Range(long[] channels) =>
        channels.Length > 0 && channels.Select((c, i) => c - i).All(c => c == channels[0]) ? (channels[0], channels.Length) : null;

    /// <summary>What an exporter needs to write the gate as plain ops: the input channels of the scalars, the gates and the
    /// gated irreps (in the sorted input layout), the gate each gated channel is multiplied by, and the activations.</summary>
    public (long[] Scalars, long[] Gates, long[] Gated, long[] GateOfGated) Channels => (_scalarChannels, _gateChannels, _gatedChannels, _gateOfGatedChannel);

    /// <summary>Each scalar block (start and length among the scalar channels) with its activation.</summary>
    public IReadOnlyList<((int Start, int Length) Block, Activation Activation)> ScalarActivations => _scalarBlocks.Zip(_scalarActs).ToList();

    public Activation GateActivation => _gateAct;

    /// <summary>Convenience: activation names (e.g. ["relu"], "sigmoid").</summary>
    public Gate(Irreps irrepsScalars, IReadOnlyList<string> actScalars, Irreps irrepsGates, string actGates, Irreps irrepsGated)
        : this(irrepsScalars, actScalars.Select(Activation.Named).ToList(), irrepsGates, Activation.Named(actGates), irrepsGated)
    {
    }

    /// <summary>x [N, IrrepsIn.Dim] or [B, IrrepsIn.Dim, ...spatial] -> same layout with IrrepsOut.Dim channels.</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x.shape[1] != IrrepsIn.Dim)
            throw new ArgumentException($"gate: expected {IrrepsIn.Dim} channels ({IrrepsIn}) at dim 1, got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        var scalars = Group(x, _scalarRange, _scalarChannels);
        var parts = new List<Tensor>();
        for (int b = 0; b < _scalarBlocks.Length; b++)
            parts.Add(_scalarActs[b].Apply(scalars.narrow(1, _scalarBlocks[b].Start, _scalarBlocks[b].Length)));
        if (_gatedChannels.Length > 0)
        {
            var gates = _gateAct.Apply(Group(x, _gateRange, _gateChannels));
            var gated = Group(x, _gatedRange, _gatedChannels);
            // Each gated block as [B, copies, 2l+1, positions] times its gates as [B, copies, 1, positions]: the gates are
            // broadcast over the components instead of being copied out to every gated channel.
            long batch = x.shape[0];
            var rest = x.shape.Skip(2).ToArray();
            foreach (var (start, mul, dim, firstGate) in _gatedBlocks)
            {
                var field = gated.narrow(1, start, mul * dim).reshape(batch, mul, dim, -1);
                var gate = gates.narrow(1, firstGate, mul).reshape(batch, mul, 1, -1);
                parts.Add((field * gate).reshape([batch, mul * dim, .. rest]));
            }
        }
        return cat(parts, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The input's channels of one group: a view when they are one run (as in every U-Net level's layout), else a copy.</summary>
    private static Tensor Group(Tensor x, (long Start, long Length)? range, long[] channels) =>
        range is { } run ? x.narrow(1, run.Start, run.Length) : x.index_select(1, torch.tensor(channels, device: x.device));

    public override string ToString() => $"Gate({IrrepsIn} -> {IrrepsOut})";
}
