using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Model;

/// <summary>
/// The resolution-adaptive U-Net ("ra-unet", docs/design/e3nn.md "The U-Net"). Level i has features 4n_i x0e + 2n_i x1e +
/// n_i x2e (n_i = IrrepsMultiplicity * 2^i), kernel diameter KernelMm * 2^i and pooling width PoolMm * 2^i; the grid
/// spacing, lattices and pooling sizes of every level follow <see cref="KernelPlan.For"/> for the input spacing.
/// Encoder: a block per level, pooling between levels. Decoder for levels L-2..0: upsample onto the skip, concatenate
/// [upsampled, skip] (not simplified), block with that level's features, diameter and spacing. Head: equivariant
/// linear to Classes x0e plus a learned bias (init 0): logits. The input is zero-padded at the start of each axis to
/// a multiple of the product of that axis' pooling sizes and the logits are cropped back, so any size works.
/// </summary>
public sealed class EquivariantUNet : SegmentationNet, IResolutionAdaptive
{
    public ModelConfig Config { get; }
    public Irreps IrrepsIn { get; }

    private readonly ModuleList<EquivariantBlock> encoder;
    private readonly ModuleList<ResolutionAdaptivePooling> pools;
    private readonly ModuleList<EquivariantBlock> decoder;
    private readonly ResolutionAdaptiveUpsampling upsample;
    private readonly EquivariantLinear head;
    private readonly Parameter bias;

    public override Architecture Architecture => Architecture.RaUNet;
    public override IResolutionAdaptive ResolutionAdaptive => this;
    public override int InputChannels => Config.InputChannels;
    public override int Classes => Config.Classes;

    /// <summary>The layers in the order forward runs them (for exporters): encoder blocks, the poolings between them,
    /// decoder blocks (levels L-2..0), the head and its bias.</summary>
    public (IReadOnlyList<EquivariantBlock> Encoder, IReadOnlyList<ResolutionAdaptivePooling> Pools, IReadOnlyList<EquivariantBlock> Decoder,
        EquivariantLinear Head, Tensor Bias) Layers => (encoder.ToList(), pools.ToList(), decoder.ToList(), head, bias);

    /// <summary>Every resolution-adaptive convolution, encoder first (for tests and benchmarks).</summary>
    public IEnumerable<ResolutionAdaptiveConvolution> Convolutions => encoder.Concat(decoder).SelectMany(b => b.Convolutions);

    /// <summary><see cref="Convolutions"/> with the level each runs at: encoder 0..L-1, then decoder L-2..0.</summary>
    public IEnumerable<(ResolutionAdaptiveConvolution Convolution, int Level)> ConvolutionLevels =>
        encoder.Select((block, level) => (Block: block, Level: level)).Concat(decoder.Select((block, i) => (Block: block, Level: decoder.Count - 1 - i)))
            .SelectMany(x => x.Block.Convolutions.Select(c => (c, x.Level)));

    /// <summary>
    /// The frame every convolution realizes its lattice offsets in (<see cref="KernelGeometry"/>); voxel axes until set.
    /// Pooling and upsampling stay on the voxel grid. Prediction sets it per volume from the affine.
    /// </summary>
    public KernelFrame Frame
    {
        get => _frame;
        set
        {
            _frame = value;
            foreach (var conv in Convolutions) conv.Frame = value;
        }
    }

    private KernelFrame _frame = KernelFrame.Voxel;

    /// <summary>How every convolution runs its kernel (<see cref="ConvolutionAlgorithm"/>); the same numbers either way.</summary>
    public ConvolutionAlgorithm ConvolutionAlgorithm
    {
        get => _algorithm;
        set
        {
            _algorithm = value;
            foreach (var conv in Convolutions) conv.Algorithm = value;
        }
    }

    private ConvolutionAlgorithm _algorithm = ConvolutionAlgorithm.Auto;

    public EquivariantUNet(ModelConfig config) : this(config, null) { }

    /// <param name="generator">Seeds the initial weights (null: torch's global generator).</param>
    public EquivariantUNet(ModelConfig config, Generator? generator) : base(nameof(EquivariantUNet))
    {
        if (config.InputChannels < 1) throw new UserInputException($"input channels {config.InputChannels}: must be at least 1");
        if (config.Classes < 1) throw new UserInputException($"classes {config.Classes}: must be at least 1");
        if (config.Levels < 1) throw new UserInputException($"levels {config.Levels}: must be at least 1");
        if (config.IrrepsMultiplicity < 1) throw new UserInputException($"irreps multiplicity {config.IrrepsMultiplicity}: must be at least 1");
        Config = config;
        IrrepsIn = Irreps.Parse($"{config.InputChannels}x0e");
        int levels = config.Levels;
        int Mul(int level) => LevelIrreps.Multiplicity(config.IrrepsMultiplicity, level);
        double Diameter(int level) => config.KernelMm * Math.Pow(2, level);

        var down = new List<EquivariantBlock>();
        var pooling = new List<ResolutionAdaptivePooling>();
        var irreps = IrrepsIn;
        for (int i = 0; i < levels; i++)
        {
            var block = new EquivariantBlock(irreps, Mul(i), Diameter(i), config, generator);
            down.Add(block);
            irreps = block.IrrepsOut;
            if (i < levels - 1) pooling.Add(new ResolutionAdaptivePooling(irreps));
        }
        var up = new List<EquivariantBlock>();
        for (int i = levels - 2; i >= 0; i--)
        {
            var block = new EquivariantBlock(irreps + LevelIrreps.Features(Mul(i)), Mul(i), Diameter(i), config, generator);
            up.Add(block);
            irreps = block.IrrepsOut;
        }
        encoder = nn.ModuleList(down.ToArray());
        pools = nn.ModuleList(pooling.ToArray());
        decoder = nn.ModuleList(up.ToArray());
        upsample = new ResolutionAdaptiveUpsampling();
        head = new EquivariantLinear(irreps, Irreps.Parse($"{config.Classes}x0e"), generator);
        bias = new Parameter(zeros(config.Classes));
        RegisterComponents();
    }

    public override void InitializeOutputBias(double foregroundProbability) => Assign(bias, PriorBias(Classes, foregroundProbability));

    /// <summary>Per-level grid spacings, lattices and pooling sizes at this input spacing.</summary>
    public IReadOnlyList<KernelLevel> Plan(Spacing spacing) =>
        Config.KernelPlan(spacing);

    /// <summary>Per axis, the product of the pooling sizes: inputs are padded to a multiple of it.</summary>
    public Shape3 SizeMultiple(Spacing spacing)
    {
        int[] m = { 1, 1, 1 };
        foreach (var level in Plan(spacing))
            if (level.PoolVoxels is { } p)
                for (int a = 0; a < 3; a++) m[a] *= p[a];
        return new Shape3(m[0], m[1], m[2]);
    }

    /// <summary>x [B, InputChannels, X, Y, Z] at the given spacing (mm, tensor-axis order) -> logits [B, Classes, X, Y, Z].</summary>
    public override Tensor forward(Tensor x, Spacing spacing)
    {
        if (x.dim() != 5 || x.shape[1] != InputChannels)
            throw new ArgumentException($"ra-unet: expected input [B, {InputChannels}, X, Y, Z], got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        var plan = Plan(spacing);
        var size = x.shape[2..];
        var padStart = SpatialPadding.StartPadding(x, SizeMultiple(spacing));
        var h = SpatialPadding.Pad(x, padStart);

        var skips = new List<Tensor>();
        for (int i = 0; i < encoder.Count; i++)
        {
            h = Intermediates.Replace(h, encoder[i].forward(h, plan[i].GridMm));
            if (i == encoder.Count - 1) break;
            skips.Add(h);
            h = pools[i].forward(h, plan[i].PoolVoxels!.Value);
        }
        for (int j = 0; j < decoder.Count; j++)
        {
            int level = encoder.Count - 2 - j;
            var skip = skips[level];
            var joined = Intermediates.Join(Intermediates.Replace(h, upsample.forward(h, skip)), skip);
            h = Intermediates.Replace(joined, decoder[j].forward(joined, plan[level].GridMm));
        }
        h = Intermediates.Replace(h, head.forward(h));
        var logits = Intermediates.Replace(h, h.Plus(bias.view(1, -1, 1, 1, 1)));
        return SpatialPadding.Crop(logits, padStart, size).MoveToOuterDisposeScope();
    }
}
