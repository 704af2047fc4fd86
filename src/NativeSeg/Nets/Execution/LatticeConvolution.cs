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
    /// <param name="unmeasured">Run on the path of an input too large to measure paths for (<see cref="ConvolutionPaths.Apply"/>).</param>
    public static (Tensor Output, Conv3dPath Path) Convolve(Tensor x, LatticeBasis basis, ConvolutionAlgorithm algorithm, Tensor kernel, ConvolutionCalibration calibration,
                                                            bool unmeasured = false)
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
        return ConvolutionPaths.Apply(calibration, x, kernel, null, kernel.shape[2..].Select(k => (k - 1) / 2).ToArray(), unmeasured);
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
    /// The calibrated algorithm for this input: the measured fastest of lattice, support (when the cutoff trims the
    /// lattice) and, without gradients, pieces. <paramref name="channels"/> names the layer's shape ("dimIn-&gt;dimOut");
    /// <paramref name="kernel"/> realizes the kernel to time with.
    /// </summary>
    public static ConvolutionAlgorithm Calibrated(ConvolutionCalibration calibration, Tensor x, LatticeBasis basis, string channels, bool gradients, Func<Tensor> kernel)
    {
        var candidates = Candidates(basis, gradients, x.dtype);
        if (candidates.Count == 1) return candidates[0];
        // Inputs are grouped by the power of two nearest their voxel count (patches and validation volumes vary in
        // shape, and the candidates' cost ratios vary little within a factor of two); one larger than the measured limit
        // is timed on a crop at the limit, which stands for every larger input: timing three candidates three times on a
        // whole 0.3 mm volume took minutes.
        long[] measured = MeasuredShape(x.shape);
        bool cropped = !measured.SequenceEqual(x.shape);
        long voxels = measured.Skip(2).Aggregate(1L, (a, b) => a * b);
        string signature = string.Join("|", channels, basis.Shape, basis.Support,
                                       $"~2^{Math.Round(Math.Log2(Math.Max(1, voxels)))} voxels", x.dtype, Convolution3d.PathFor(x.dtype), gradients ? "train" : "infer");
        return calibration.Choose(signature, candidates, a =>
        {
            using var scope = NewDisposeScope();
            return Seconds(zeros(measured, dtype: x.dtype, device: x.device), basis, a, kernel, gradients, calibration, cropped);
        });
    }

    /// <summary>What <see cref="Calibrated"/> times: lattice; support where the cutoff trims the lattice; pieces where the
    /// support splits and no gradient is taken.</summary>
    public static IReadOnlyList<ConvolutionAlgorithm> Candidates(LatticeBasis basis, bool gradients, ScalarType dtype)
    {
        var candidates = new List<ConvolutionAlgorithm> { ConvolutionAlgorithm.Lattice };
        if (basis.Support != basis.HalfWidth) candidates.Add(ConvolutionAlgorithm.Support);
        // Pieces only for inference: chosen per layer in training it made the cpu-size step 0.79-0.90x but the paper-size
        // step 1.20x (docs/results/benchmark-history.md, "weighted support"), a layer timed alone not predicting its cost
        // inside the backward pass; predicting whole volumes it saves a third of the time at 0.3 mm (BENCHMARKS.md,
        // "Whole-volume prediction on fine grids"). Pieces run in the input's dtype, so not where bf16 rounds float32.
        bool lowered = dtype == ScalarType.Float32 && ConvolutionPrecision.Current != ScalarType.Float32;
        if (!gradients && !lowered && basis.Pieces.Count > 1) candidates.Add(ConvolutionAlgorithm.Pieces);
        return candidates;
    }

    /// <summary>The input's shape, or above <see cref="ConvolutionPaths.MeasuredVoxelsLimit"/> voxels its axes scaled by
    /// one factor so that the crop holds at most that many.</summary>
    public static long[] MeasuredShape(long[] shape)
    {
        long voxels = shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        if (voxels <= ConvolutionPaths.MeasuredVoxelsLimit) return shape;
        double factor = Math.Cbrt((double)ConvolutionPaths.MeasuredVoxelsLimit / voxels);
        return [shape[0], shape[1], .. shape.Skip(2).Select(n => Math.Max(1, (long)Math.Floor(n * factor)))];
    }

    /// <summary>Best of two timed runs (after a warm-up) on zeros of the input's shape, backward included when training; a
    /// crop standing for a larger input runs on that input's conv3d path.</summary>
    private static double Seconds(Tensor x, LatticeBasis basis, ConvolutionAlgorithm algorithm, Func<Tensor> realize, bool gradients, ConvolutionCalibration calibration,
                                  bool unmeasured)
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
            var (y, _) = Convolve(input, basis, algorithm, probe, calibration, unmeasured);
            if (gradients) y.sum().backward();
            if (run > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
