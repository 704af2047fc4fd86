using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// In which frame a resolution-adaptive kernel's lattice offsets are evaluated (docs/design/e3nn.md "Oblique
/// acquisitions"). Only the handedness of the frame can change an SO(3)-equivariant net's scalar output: a proper
/// rotation of every offset rotates every feature by its Wigner D matrix and leaves norms, gates and the head alike.
/// </summary>
public enum KernelGeometry
{
    /// <summary>Offsets t ∘ s along the array axes, as if the voxel axes were the patient's (the paper's code).</summary>
    [JsonStringEnumMemberName("voxel")] Voxel,

    /// <summary>Offsets R (t ∘ s) with R the affine's direction cosines: the true physical offsets in RAS mm.</summary>
    [JsonStringEnumMemberName("world")] World,
}
