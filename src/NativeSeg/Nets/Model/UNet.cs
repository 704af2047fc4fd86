using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Layers;
using NativeSeg.Equivariant.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Model;

/// <summary>
/// The baseline: an nnU-Net-like plain 3D U-Net ("unet" on native data, "unet-1mm" on data resampled to 1 mm).
/// Level i has Features * 2^i channels and a <see cref="ConvBlock"/> of KernelVoxels^3 convolutions; 2x2x2 max
/// pooling between levels; the decoder upsamples with a 2x2x2 transposed convolution, concatenates
/// [upsampled, skip] and applies a block; a 1x1x1 convolution gives the logits. The spacing is ignored: the
/// kernels are fixed in voxels, which is exactly what the resolution-adaptive net is compared against.
/// </summary>
public sealed class UNet : SegmentationNet
{
    public ModelConfig Config { get; }

    private readonly ModuleList<ConvBlock> encoder;
    private readonly ModuleList<ConvBlock> decoder;
    private readonly ModuleList<ConvTranspose3d> upsamplers;
    private readonly MaxPool3d pool;
    private readonly Conv3d head;

    public override Architecture Architecture => Architecture.UNet;
    public override int InputChannels => Config.InputChannels;
    public override int Classes => Config.Classes;

    public UNet(ModelConfig config) : base(nameof(UNet))
    {
        if (config.Architecture != Architecture.UNet) throw new ArgumentException($"UNet: the configuration describes a {config.Architecture.Name()}");
        if (config.Features < 1 || config.Levels < 1 || config.InputChannels < 1 || config.Classes < 1)
            throw new UserInputException("UNet: features, levels, input channels and classes must be at least 1");
        Config = config;
        int Width(int level) => config.Features << level;
        var down = new List<ConvBlock>();
        for (int i = 0; i < config.Levels; i++)
            down.Add(new ConvBlock(i == 0 ? config.InputChannels : Width(i - 1), Width(i), config.KernelVoxels, config.Dropout));
        var up = new List<ConvBlock>();
        var ups = new List<ConvTranspose3d>();
        for (int i = config.Levels - 2; i >= 0; i--)
        {
            ups.Add(nn.ConvTranspose3d(Width(i + 1), Width(i), 2, stride: 2));
            up.Add(new ConvBlock(2 * Width(i), Width(i), config.KernelVoxels, config.Dropout));
        }
        encoder = nn.ModuleList(down.ToArray());
        decoder = nn.ModuleList(up.ToArray());
        upsamplers = nn.ModuleList(ups.ToArray());
        pool = nn.MaxPool3d(2, 2);
        head = nn.Conv3d(Width(0), config.Classes, 1);
        RegisterComponents();
    }

    public override void InitializeOutputBias(double foregroundProbability) => Assign(head.bias!, PriorBias(Classes, foregroundProbability));

    /// <summary>Inputs are padded to a multiple of 2^(levels-1) per axis (each pooling halves the size).</summary>
    public Shape3 SizeMultiple => new(1 << (Config.Levels - 1), 1 << (Config.Levels - 1), 1 << (Config.Levels - 1));

    public override Tensor forward(Tensor x, Spacing spacing)
    {
        if (x.dim() != 5 || x.shape[1] != InputChannels)
            throw new ArgumentException($"{Architecture.Name()}: expected input [B, {InputChannels}, X, Y, Z], got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        var size = x.shape[2..];
        var padStart = SpatialPadding.StartPadding(x, SizeMultiple);
        var h = SpatialPadding.Pad(x, padStart);
        var skips = new List<Tensor>();
        for (int i = 0; i < encoder.Count; i++)
        {
            h = Intermediates.Replace(h, encoder[i].forward(h));
            if (i == encoder.Count - 1) break;
            skips.Add(h);
            h = pool.forward(h);
        }
        for (int j = 0; j < decoder.Count; j++)
        {
            var skip = skips[encoder.Count - 2 - j];
            var joined = Intermediates.Join(Intermediates.Replace(h, upsamplers[j].forward(h)), skip);
            h = Intermediates.Replace(joined, decoder[j].forward(joined));
        }
        var logits = Intermediates.Replace(h, head.forward(h));
        return SpatialPadding.Crop(logits, padStart, size).MoveToOuterDisposeScope();
    }
}
