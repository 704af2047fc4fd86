using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// One U-Net level's block: 2 x (resolution-adaptive convolution -> equivariant norm -> gate -> equivariant
/// dropout). The first convolution maps the block's input irreps, the second the level's features, both onto the
/// gate's input irreps; the output is the level's features <see cref="LevelIrreps.Features"/>.
/// </summary>
public sealed class EquivariantBlock : nn.Module<Tensor, Spacing, Tensor>
{
    public Irreps IrrepsIn { get; }
    public Irreps IrrepsOut { get; }
    public double DiameterMm { get; }

    private readonly ResolutionAdaptiveConvolution conv1, conv2;
    private readonly EquivariantBatchNorm norm1, norm2;
    private readonly Gate gate1, gate2;
    private readonly EquivariantDropout dropout1, dropout2;

    public IReadOnlyList<ResolutionAdaptiveConvolution> Convolutions => new[] { conv1, conv2 };

    /// <summary>The two (convolution, norm, gate) steps in order (for exporters; dropout is the identity at inference).</summary>
    public IReadOnlyList<(ResolutionAdaptiveConvolution Convolution, EquivariantBatchNorm Norm, Gate Gate)> Steps => [(conv1, norm1, gate1), (conv2, norm2, gate2)];

    public EquivariantBlock(Irreps irrepsIn, int multiplicity, double diameterMm, ModelConfig config, Generator? generator = null)
        : base(nameof(EquivariantBlock))
    {
        bool instance = config.Normalization == FeatureNormalization.Instance;
        IrrepsIn = irrepsIn;
        IrrepsOut = LevelIrreps.Features(multiplicity);
        DiameterMm = diameterMm;
        gate1 = LevelIrreps.Gate(multiplicity);
        gate2 = LevelIrreps.Gate(multiplicity);
        var gateIn = gate1.IrrepsIn;
        conv1 = Convolution(irrepsIn, gateIn, diameterMm, config, generator);
        conv2 = Convolution(IrrepsOut, gateIn, diameterMm, config, generator);
        norm1 = new EquivariantBatchNorm(gateIn, instance: instance);
        norm2 = new EquivariantBatchNorm(gateIn, instance: instance);
        dropout1 = new EquivariantDropout(IrrepsOut, config.Dropout);
        dropout2 = new EquivariantDropout(IrrepsOut, config.Dropout);
        RegisterComponents();
    }

    private static ResolutionAdaptiveConvolution Convolution(Irreps irrepsIn, Irreps irrepsOut, double diameterMm, ModelConfig config, Generator? generator) =>
        new(irrepsIn, irrepsOut, diameterMm, config.RadialBasis, config.RadialCutoff, config.FilterLmax, generator: generator, buffers: config.KernelBuffers);

    public override Tensor forward(Tensor x, Spacing spacing)
    {
        using var scope = NewDisposeScope();
        var h = conv1.forward(x, spacing);
        h = Intermediates.Replace(h, norm1.forward(h));
        h = Intermediates.Replace(h, gate1.forward(h));
        h = Intermediates.Replace(h, dropout1.forward(h));
        h = Intermediates.Replace(h, conv2.forward(h, spacing));
        h = Intermediates.Replace(h, norm2.forward(h));
        h = Intermediates.Replace(h, gate2.forward(h));
        h = Intermediates.Replace(h, dropout2.forward(h));
        return h.MoveToOuterDisposeScope();
    }
}
