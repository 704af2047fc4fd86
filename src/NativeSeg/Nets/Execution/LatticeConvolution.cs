using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Nets.Kernels;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// How a realized lattice kernel is run by conv3d: the whole lattice, the box that carries weight, or its pieces —
/// the same numbers in every case — and, for <see cref="ConvolutionAlgorithm.Auto"/>, which of them is faster here.
/// The layer (<c>ResolutionAdaptiveConvolution</c>) owns the maths; this owns only the execution.
/// </summary>
public static class LatticeConvolution
{
    /// <summary>conv3d of x with the realized lattice <paramref name="kernel"/> as <paramref name="algorithm"/> runs it ("same"
    /// padding), along the conv3d path <see cref="ConvolutionPaths"/> chose for it (pieces: the process's path).</summary>
    public static (Tensor Output, Conv3dPath Path) Convolve(Tensor x, LatticeBasis basis, ConvolutionAlgorithm algorithm, Tensor kernel, ConvolutionCalibration calibration)
    {
        if (algorithm == ConvolutionAlgorithm.Pieces)
        {
            Tensor? sum = null;
            foreach (var piece in basis.Pieces)
            {
                var part = Convolution3d.Dilated(x, piece.Slice(kernel, basis.HalfWidth), piece.Padding, piece.Dilation);
                if (sum is null) { sum = part; continue; }
                sum.PlusInPlace(part);   // in place: one output map for all pieces, not one per piece until the scope ends
                part.Dispose();
            }
            return (sum!, Convolution3d.ForcedPath ?? Convolution3d.PathFor(x.dtype));
        }
        if (algorithm == ConvolutionAlgorithm.Support) kernel = ToSupport(kernel, basis);
        // The (trimmed) lattice is 2n + 1 per axis.
        return ConvolutionPaths.Apply(calibration, x, kernel, null, kernel.shape[2..].Select(k => (k - 1) / 2).ToArray());
    }

    /// <summary>The centred part of the kernel where the lattice carries weight (a view; gradients flow through it).</summary>
    public static Tensor ToSupport(Tensor kernel, LatticeBasis basis)
    {
        var (full, support) = (basis.HalfWidth, basis.Support);
        if (support == full) return kernel;
        for (int axis = 0; axis < 3; axis++)
            kernel = kernel.narrow(2 + axis, full[axis] - support[axis], 2 * support[axis] + 1);
        return kernel;
    }

    /// <summary>
    /// The calibrated algorithm for this input: lattice when nothing can be trimmed, else the measured faster of lattice
    /// and support. <paramref name="channels"/> names the layer's shape ("dimIn-&gt;dimOut"); <paramref name="kernel"/>
    /// realizes the kernel to time with.
    /// </summary>
    public static ConvolutionAlgorithm Calibrated(ConvolutionCalibration calibration, Tensor x, LatticeBasis basis, string channels, bool gradients, Func<Tensor> kernel)
    {
        // Pieces is not a candidate: chosen per layer it made the cpu-size step 0.79-0.90x but the paper-size step 1.20x
        // (docs/results/benchmark-history.md, "weighted support"); a layer timed alone does not predict its cost inside the net.
        if (basis.Support == basis.HalfWidth) return ConvolutionAlgorithm.Lattice;
        var candidates = new List<ConvolutionAlgorithm> { ConvolutionAlgorithm.Lattice, ConvolutionAlgorithm.Support };
        // Inputs are grouped by the power of two nearest their voxel count: patches and validation volumes vary in shape,
        // and the candidates' cost ratios vary little within a factor of two.
        long voxels = x.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        string signature = string.Join("|", channels, basis.Shape, basis.Support,
                                       $"~2^{Math.Round(Math.Log2(Math.Max(1, voxels)))} voxels", x.dtype, Convolution3d.PathFor(x.dtype), gradients ? "train" : "infer");
        return calibration.Choose(signature, candidates, a => Seconds(x, basis, a, kernel, gradients, calibration));
    }

    /// <summary>Best of two timed runs (after a warm-up) on zeros of the input's shape, backward included when training.</summary>
    private static double Seconds(Tensor x, LatticeBasis basis, ConvolutionAlgorithm algorithm, Func<Tensor> realize, bool gradients, ConvolutionCalibration calibration)
    {
        using var scope = NewDisposeScope();
        using var mode = gradients ? enable_grad() : no_grad();
        Tensor kernel;
        using (no_grad()) kernel = realize().detach().clone();
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            using var step = NewDisposeScope();
            var input = zeros_like(x).requires_grad_(gradients);
            var probe = kernel.detach().requires_grad_(gradients);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (y, _) = Convolve(input, basis, algorithm, probe, calibration);
            if (gradients) y.sum().backward();
            if (run > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
