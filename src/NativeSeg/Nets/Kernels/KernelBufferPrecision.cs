using NativeSeg.Nets.Import;
using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// How the weight-independent buffers of a resolution-adaptive kernel are computed before they meet the weights: the
/// radial basis values and spherical harmonics at the lattice points (<see cref="LatticeBasis"/>) and the Wigner 3j
/// coefficients that couple them (<see cref="Equivariant.RightCoupling"/>).
/// </summary>
public enum KernelBufferPrecision
{
    /// <summary>In float64, then cast to the net's dtype (NativeSeg default: the most accurate kernel).</summary>
    [JsonStringEnumMemberName("float64")] Float64,

    /// <summary>
    /// As the published code holds them: built in float32 (torch's default dtype when its modules are constructed)
    /// by e3nn 0.5.1's own operations in their order (<see cref="PublishedFloat32Buffers"/>), Wigner 3j rounded to
    /// float32 where e3nn's compiled code reads them. A published model moved to float64 only widens these values,
    /// so an imported model set this way reproduces it number for number (docs/design/e3nn.md "Float32 kernel buffers").
    /// </summary>
    [JsonStringEnumMemberName("published-float32")] PublishedFloat32,
}
