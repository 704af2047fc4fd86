using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Import;

/// <summary>
/// The published UNet's shape arguments as a state dict shows them, so a user need not remember how a model was built:
/// n from the level-0 instance norm (4n scalars + 3n gates = 7n scalar channels), levels from the encoder blocks,
/// the radial basis count from the first kernel's weight [B, ...], input channels from its self-connection
/// (K x0e to 7n x0e: 7nK weights) and classes from the head (4n x0e to C x0e: 4nC weights).
/// </summary>
public sealed partial record PublishedShape(int N, int Levels, int RadialBasis, int InputChannels, int Classes)
{
    public static PublishedShape Of(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        Tensor Need(string name, string why) => stateDict.TryGetValue(name, out var t) ? t
            : throw new InvalidDataException($"no tensor '{name}' ({why}); is this a state dict of the published UNet with batch_norm='instance'?");
        int levels = stateDict.Keys.Select(k => EncoderBlock().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max() + 1;
        if (levels == 0) throw new InvalidDataException("no encoder blocks (down.down_blocks.K.*); is this a state dict of the published UNet?");
        long scalars = Need("down.down_blocks.0.batchnorm1.bias", "the level-0 scalar channels").numel();
        if (scalars == 0 || scalars % 7 != 0) throw new InvalidDataException($"down.down_blocks.0.batchnorm1.bias has {scalars} values; the published UNet has 7n");
        int n = (int)(scalars / 7);
        var kernel = Need("down.down_blocks.0.conv1.weight", "the first kernel's radial weights");
        long selfConnection = Need("down.down_blocks.0.conv1.sc.weight", "the first self-connection").numel();
        long head = Need("out.weight", "the output head").numel();
        if (kernel.dim() != 2 || selfConnection % (7 * n) != 0 || head % (4 * n) != 0)
            throw new InvalidDataException($"the first kernel, self-connection and head ({string.Join("x", kernel.shape)}, {selfConnection}, {head} values) do not fit n = {n}");
        return new PublishedShape(n, levels, (int)kernel.shape[0], (int)(selfConnection / (7 * n)), (int)(head / (4 * n)));
    }

    public override string ToString() =>
        $"n={N}, {Levels} levels, {RadialBasis} radial basis functions, {InputChannels} input channel{(InputChannels == 1 ? "" : "s")}, {Classes} class{(Classes == 1 ? "" : "es")}";

    [GeneratedRegex(@"^down\.down_blocks\.(\d+)\.")]
    private static partial Regex EncoderBlock();
}
