using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Nets;

/// <summary>The plain U-Net's level block as in nnU-Net: 2 x (conv k^3 same padding -> instance norm (affine) -> leaky ReLU 0.01 -> dropout).</summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public ConvBlock(int channelsIn, int channelsOut, int kernel, double dropout) : base(nameof(ConvBlock))
    {
        if (kernel < 1 || kernel % 2 == 0) throw new ArgumentException($"kernel {kernel}: must be odd and positive (same padding)");
        layers = nn.Sequential(
            nn.Conv3d(channelsIn, channelsOut, kernel, padding: kernel / 2),
            nn.InstanceNorm3d(channelsOut, affine: true),
            nn.LeakyReLU(0.01),
            nn.Dropout3d(dropout),
            nn.Conv3d(channelsOut, channelsOut, kernel, padding: kernel / 2),
            nn.InstanceNorm3d(channelsOut, affine: true),
            nn.LeakyReLU(0.01),
            nn.Dropout3d(dropout));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.forward(x);
}
