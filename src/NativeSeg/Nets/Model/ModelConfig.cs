using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Import;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Model;

/// <summary>
/// Everything needed to rebuild a network (stored in model.json). Defaults are the paper's
/// (docs/design/architecture.md "The paper's defaults"); tests shrink them. Fields that do not apply to a
/// kind are ignored by it (the plain U-Net has no irreps, the RA-U-Net no voxel kernel size).
/// </summary>
public sealed record ModelConfig
{
    public Architecture Architecture { get; init; } = Architecture.RaUNet;
    /// <summary>The grid the model sees and how data gets there and back: read by training and inference alike.</summary>
    public Preprocessing Preprocessing { get; init; } = Preprocessing.Native;

    /// <summary>
    /// The named model (<see cref="ModelKind"/>) this architecture on this grid is; setting it sets both. Throws for a
    /// pair without a name (use <see cref="Name"/> to display any config).
    /// </summary>
    [JsonIgnore]
    public ModelKind Kind
    {
        get => ModelKinds.Of(Architecture, Preprocessing.Grid) ?? throw new InvalidOperationException($"{Name} has no model kind name");
        init { Architecture = value.Architecture(); Preprocessing = value.Preprocessing(); }
    }

    /// <summary>The model kind's name, or "architecture@grid" for a pair without one.</summary>
    [JsonIgnore]
    public string Name => ModelKinds.Of(Architecture, Preprocessing.Grid)?.Name() ?? $"{Architecture.Name()}@{Preprocessing.Grid}";
    public int InputChannels { get; init; } = 1;
    public int Classes { get; init; } = 1;
    /// <summary>Resolution levels (pooling steps + 1).</summary>
    public int Levels { get; init; } = 4;

    // Resolution-adaptive U-Net
    /// <summary>n_0 of the level-0 irreps 4n x0e + 2n x1e + n x2e (2 gives 8x0e + 4x1e + 2x2e), doubled per level.</summary>
    public int IrrepsMultiplicity { get; init; } = 2;
    /// <summary>Informative in model.json (written, not read): the RA-U-Net's level-0 irreps.</summary>
    public string? IrrepsLevel0 => Architecture == Architecture.RaUNet ? LevelIrreps.Features(IrrepsMultiplicity).ToString() : null;
    public double KernelMm { get; init; } = 5;
    public double PoolMm { get; init; } = 2;
    public int RadialBasis { get; init; } = 5;
    /// <summary>Radial functions vanish at the kernel radius (NativeSeg default; the published code uses false).</summary>
    public bool RadialCutoff { get; init; } = true;
    public LevelSpacingRule LevelSpacing { get; init; } = LevelSpacingRule.Actual;
    /// <summary>How the kernels' weight-independent buffers are computed (published-float32 for imported published models).</summary>
    public KernelBufferPrecision KernelBuffers { get; init; } = KernelBufferPrecision.Float64;

    /// <summary>Every level's grid, lattice and pooling for an input at this spacing (<see cref="Kernels.KernelPlan.For"/> with this model's widths).</summary>
    public IReadOnlyList<KernelLevel> KernelPlan(Spacing spacing) => Kernels.KernelPlan.For(spacing, KernelMm, PoolMm, Levels, LevelSpacing);
    /// <summary>Largest degree of the filters' spherical harmonics (paper: 2, filters 1x0e+1x1e+1x2e).</summary>
    public int FilterLmax { get; init; } = 2;

    // Plain U-Net
    /// <summary>Level-0 feature channels, doubled per level.</summary>
    public int Features { get; init; } = 30;
    public int KernelVoxels { get; init; } = 5;

    // Both
    public double Dropout { get; init; }
    public FeatureNormalization Normalization { get; init; } = FeatureNormalization.Instance;
    /// <summary>Spacings of the training data (filled in by training; informative).</summary>
    public IReadOnlyList<Spacing> TrainingSpacings { get; init; } = [];

    /// <summary>
    /// Every field against its documented range (what a 2-core CPU with 24 GB can still build; beyond them libtorch
    /// fails on allocation with a native exception). The message names the field as model.json spells it.
    /// </summary>
    public void Check()
    {
        static void Require(bool ok, string message) { if (!ok) throw new UserInputException(message); }
        Require(InputChannels is >= 1 and <= 16, $"input_channels {InputChannels}: expected 1 to 16");
        Require(Classes is >= 1 and <= 16, $"classes {Classes}: expected 1 to 16");
        Require(Levels is >= 1 and <= 6, $"levels {Levels}: expected 1 to 6");
        Require(IrrepsMultiplicity is >= 1 and <= 16, $"irreps_multiplicity {IrrepsMultiplicity}: expected 1 to 16");
        Require(KernelMm is > 0 and <= 100, $"kernel_mm {KernelMm}: expected more than 0 and at most 100 mm");
        Require(PoolMm is > 0 and <= 50, $"pool_mm {PoolMm}: expected more than 0 and at most 50 mm");
        Require(RadialBasis is >= 1 and <= 32, $"radial_basis {RadialBasis}: expected 1 to 32");
        Require(FilterLmax is >= 0 and <= 4, $"filter_lmax {FilterLmax}: expected 0 to 4");
        Require(KernelBuffers == KernelBufferPrecision.Float64 || FilterLmax <= PublishedFloat32Buffers.MaxLmax,
                $"kernel_buffers published-float32: filter_lmax {FilterLmax} > {PublishedFloat32Buffers.MaxLmax} (the published code's)");
        Require(Features is >= 1 and <= 512, $"features {Features}: expected 1 to 512");
        Require(KernelVoxels is >= 1 and <= 15 && KernelVoxels % 2 == 1, $"kernel_voxels {KernelVoxels}: expected an odd number from 1 to 15");
        Require(Dropout is >= 0 and < 1, $"dropout {Dropout}: expected 0 or more and less than 1");
    }
}
