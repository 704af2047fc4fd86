using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Tiny stand-ins for the real networks: logits = a·x + b per voxel (receptive field 1, exact formula known),
/// or a 3x3x3 convolution then a 1x1x1 one (receptive field 3). Both record the spacings and input sizes they saw.
/// </summary>
public sealed class PointwiseNet : SegmentationNet
{
    private readonly double[] _scale;
    private readonly double[] _bias;

    public PointwiseNet(double[] scale, double[] bias, Architecture architecture = Architecture.UNet) : base(nameof(PointwiseNet))
    {
        _scale = scale;
        _bias = bias;
        Architecture = architecture;
        RegisterComponents();
    }

    public override Architecture Architecture { get; }
    public override int InputChannels => 1;
    public override int Classes => _scale.Length;
    public List<Spacing> Spacings { get; } = new();
    public List<long[]> InputShapes { get; } = new();

    /// <summary>The logit of class <paramref name="c"/> for a normalized input value.</summary>
    public double Logit(int c, double x) => _scale[c] * x + _bias[c];

    public override Tensor forward(Tensor x, Spacing spacing)
    {
        Spacings.Add(spacing);
        InputShapes.Add(x.shape);
        var a = tensor(_scale.Select(v => (float)v).ToArray()).reshape(1, -1, 1, 1, 1);
        var b = tensor(_bias.Select(v => (float)v).ToArray()).reshape(1, -1, 1, 1, 1);
        return x * a + b;
    }
}

public sealed class SmallConvNet : SegmentationNet
{
    private readonly TorchSharp.Modules.Conv3d _spatial;
    private readonly TorchSharp.Modules.Conv3d _head;

    public SmallConvNet(int classes = 1, long seed = 3) : base(nameof(SmallConvNet))
    {
        manual_seed(seed);
        _spatial = nn.Conv3d(1, 4, 3, padding: 1);
        _head = nn.Conv3d(4, classes, 1);
        RegisterComponents();
    }

    public override Architecture Architecture => Architecture.UNet;
    public override int InputChannels => 1;
    public override int Classes => (int)_head.weight!.shape[0];
    public List<Spacing> Spacings { get; } = new();

    public override Tensor forward(Tensor x, Spacing spacing)
    {
        Spacings.Add(spacing);
        return _head.call(nn.functional.relu(_spatial.call(x)));
    }
}
