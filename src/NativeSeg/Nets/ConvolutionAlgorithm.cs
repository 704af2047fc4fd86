using System.Text.Json.Serialization;

namespace NativeSeg.Nets;

/// <summary>
/// How a resolution-adaptive convolution runs its realized kernel (BENCHMARKS.md "Convolution algorithms"). Both are
/// exact: they differ only by lattice points whose every radial function is zero.
/// </summary>
public enum ConvolutionAlgorithm
{
    /// <summary>The faster of the two for each layer signature, measured once per machine and kept
    /// (<see cref="ConvolutionCalibration"/>); the default.</summary>
    [JsonStringEnumMemberName("auto")] Auto,

    /// <summary>conv3d over the smallest centred box holding every lattice point that carries weight (fewer or equal
    /// multiply-adds). With the radial cutoff, points at exactly r get none: on a 0.5 mm grid the 5 mm kernel's 11x11 in-plane lattice runs as 9x9.</summary>
    [JsonStringEnumMemberName("support")] Support,

    /// <summary>conv3d over the whole lattice 2n+1 (the paper's code).</summary>
    [JsonStringEnumMemberName("lattice")] Lattice,
}
