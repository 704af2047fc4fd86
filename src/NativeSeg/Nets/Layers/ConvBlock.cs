using NativeSeg.Nets.Execution;
using NativeSeg.Equivariant.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Layers;

/// <summary>The plain U-Net's level block as in nnU-Net: 2 x (conv k^3 same padding -> instance norm (affine) -> leaky ReLU 0.01 -> dropout).</summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    // Held in a Sequential so the parameter names (layers.0.weight, ...) stay those of saved models; run one by
    // one so that the convolutions go through Convolution3d, each along its layer's measured path.
    private readonly Sequential layers;
    private readonly Conv3d[] _convs;
    private readonly nn.Module<Tensor, Tensor>[][] _after;
    private readonly long[] _padding;

    public ConvBlock(int channelsIn, int channelsOut, int kernel, double dropout) : base(nameof(ConvBlock))
    {
        if (kernel < 1 || kernel % 2 == 0) throw new UserInputException($"kernel {kernel}: must be odd and positive (same padding)");
        _padding = [kernel / 2, kernel / 2, kernel / 2];
        _convs = [nn.Conv3d(channelsIn, channelsOut, kernel, padding: kernel / 2), nn.Conv3d(channelsOut, channelsOut, kernel, padding: kernel / 2)];
        _after = _convs.Select(_ => new nn.Module<Tensor, Tensor>[] { nn.InstanceNorm3d(channelsOut, affine: true), nn.LeakyReLU(0.01), nn.Dropout3d(dropout) }).ToArray();
        layers = nn.Sequential(_convs[0], _after[0][0], _after[0][1], _after[0][2], _convs[1], _after[1][0], _after[1][1], _after[1][2]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        for (int i = 0; i < _convs.Length; i++)
        {
            h = Intermediates.Replace(h, ConvolutionPaths.Apply(ConvolutionCalibration.Shared, h, _convs[i].weight!, _convs[i].bias, _padding).Output, kept: x);
            foreach (var layer in _after[i]) h = Intermediates.Replace(h, layer.forward(h), kept: x);
        }
        return h.MoveToOuterDisposeScope();
    }
}
