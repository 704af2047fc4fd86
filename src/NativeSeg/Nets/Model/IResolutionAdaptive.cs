using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;

namespace NativeSeg.Nets.Model;

/// <summary>
/// What a net whose kernels are defined in millimetres can do beyond any <see cref="SegmentationNet"/>: realize them in
/// another frame, choose how they run, and expose its convolutions (for learning-rate groups and diagnostics).
/// Callers ask <see cref="SegmentationNet.ResolutionAdaptive"/> rather than the concrete type.
/// </summary>
public interface IResolutionAdaptive
{
    /// <summary>The frame every convolution realizes its lattice offsets in; voxel axes until set.</summary>
    KernelFrame Frame { get; set; }

    /// <summary>How every convolution runs its kernel; the same numbers either way.</summary>
    ConvolutionAlgorithm ConvolutionAlgorithm { get; set; }

    /// <summary>Every resolution-adaptive convolution, encoder first.</summary>
    IEnumerable<ResolutionAdaptiveConvolution> Convolutions { get; }
}
