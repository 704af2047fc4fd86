using NativeSeg.Nets.Kernels;
using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// How a resolution-adaptive convolution runs its realized kernel (BENCHMARKS.md "Convolution algorithms"). All are
/// exact: they differ only by lattice points whose every radial function is zero.
/// </summary>
public enum ConvolutionAlgorithm
{
    /// <summary>The fastest of lattice, support and (without gradients: predicting, validating) pieces for each layer
    /// signature, measured once per machine and kept
    /// (<see cref="ConvolutionCalibration"/>); the default.</summary>
    [JsonStringEnumMemberName("auto")] Auto,

    /// <summary>conv3d over the smallest centred box holding every lattice point that carries weight (fewer or equal
    /// multiply-adds). With the radial cutoff, points at exactly r get none: on a 0.5 mm grid the 5 mm kernel's 11x11 in-plane lattice runs as 9x9.</summary>
    [JsonStringEnumMemberName("support")] Support,

    /// <summary>conv3d over the whole lattice 2n+1 (the paper's code).</summary>
    [JsonStringEnumMemberName("lattice")] Lattice,

    /// <summary>One conv3d per <see cref="LatticeBasis.Pieces"/>: a central box and symmetric pairs of planes (dilated
    /// convolutions) that hold the weighted points of a ball-shaped support with fewer taps — 81 instead of 125 at
    /// 1 mm, 257 instead of 405 at 0.5x0.5x1 mm with the radial cutoff — at the cost of more conv3d calls. One of auto's
    /// candidates only without gradients: in training steps it lost (BENCHMARKS.md, "weighted support"), predicting
    /// whole fine-grid volumes it wins (BENCHMARKS.md, "Whole-volume prediction on fine grids").</summary>
    [JsonStringEnumMemberName("pieces")] Pieces,
}
