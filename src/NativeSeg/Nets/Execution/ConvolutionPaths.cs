using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// The float32 conv3d path of each layer signature (channels, kernel, input size class, training or inference),
/// measured once per machine as <see cref="ConvolutionCalibration"/> measures the lattice/support choice: oneDNN's speed
/// depends on the shape (a 60 -> 72 5x5x3 layer on 16x16x64 voxels ran at 18 GFLOP/s channels-last, a 180 -> 72 one at
/// 261), so one path per process leaves some layers on a slow kernel. Every candidate is first checked against float64
/// on the layer's own channels and kernel (<see cref="Convolution3d.AgreesWithFloat64"/>); only exact paths are timed.
/// </summary>
public static class ConvolutionPaths
{
    /// <summary>Largest patch matrix <see cref="Conv3dPath.Unfolded"/> (or stack of shifted copies, <see cref="Conv3dPath.StackedSlices"/>)
    /// may build: a training patch's layers fit, a whole volume's do not (that memory is not in the inference estimate).</summary>
    public const long UnfoldedBytesLimit = 256L << 20;

    /// <summary>Input channels up to which <see cref="Conv3dPath.Unfolded"/> is a candidate (its matrix grows with them).</summary>
    public const long UnfoldedChannelsLimit = 4;

    /// <summary>
    /// Largest input (voxels per sample) whose path is measured: training patches (64³ = 2^18) and validation windows.
    /// A larger one — a whole volume or a budget tile in prediction — takes the process's probed path unmeasured: timing
    /// every candidate three times there cost minutes, and the stacked-slices candidate's copies raised a whole-brain
    /// prediction's peak from 2.9 to 10.6 GiB, above the budget the memory estimate keeps.
    /// </summary>
    public const long MeasuredVoxelsLimit = 1L << 19;

    /// <summary>conv3d along the path chosen for this layer, in the <see cref="ConvolutionPrecision"/> of the moment (a float32
    /// layer under bf16: input and kernel rounded to bfloat16, the output and its gradients back in float32, the bias added
    /// in float32); the path is returned for `kernels --algorithms`.</summary>
    /// <param name="unmeasured">Take the path of an input above <see cref="MeasuredVoxelsLimit"/> whatever this one's size (a
    /// crop timed for a whole volume).</param>
    public static (Tensor Output, Conv3dPath Path) Apply(ConvolutionCalibration calibration, Tensor x, Tensor weight, Tensor? bias, long[] padding, bool unmeasured = false)
    {
        if (x.dtype != ScalarType.Float32 || ConvolutionPrecision.Current == ScalarType.Float32)
        {
            var path = Choose(calibration, x, weight, padding, unmeasured);
            return (Convolution3d.Apply(x, weight, bias, padding, path), path);
        }
        using var scope = NewDisposeScope();
        var (xb, wb) = (x.to_type(ScalarType.BFloat16), weight.to_type(ScalarType.BFloat16));
        var low = Choose(calibration, xb, wb, padding, unmeasured);
        var y = Convolution3d.Apply(xb, wb, null, padding, low).to_type(ScalarType.Float32);
        if (bias is not null) y = y.Plus(bias.view(1, -1, 1, 1, 1));
        return (y.MoveToOuterDisposeScope(), low);
    }

    /// <summary>The forced path, the only one float64 takes (plain), or the measured fastest exact candidate.</summary>
    public static Conv3dPath Choose(ConvolutionCalibration calibration, Tensor x, Tensor weight, long[] padding, bool unmeasured = false)
    {
        if (Convolution3d.ForcedPath is { } forced) return forced;
        if (x.dtype is not (ScalarType.Float32 or ScalarType.BFloat16)) return Convolution3d.PathFor(x.dtype);
        bool gradients = is_grad_enabled() && (x.requires_grad || weight.requires_grad);
        long voxels = x.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        long[] kernel = [.. weight.shape[2..]];
        string mode = gradients ? x.requires_grad ? "train" : "train, no input gradient" : "infer";
        string signature = $"conv3d|{weight.shape[1]}->{weight.shape[0]}|{string.Join("x", kernel)}|pad {string.Join("x", padding)}|" +
                           $"~2^{Math.Round(Math.Log2(Math.Max(1, voxels)))} voxels|{x.dtype}|{EnumNames.Name(Convolution3d.Path)}|{mode}";
        if (unmeasured || voxels > MeasuredVoxelsLimit) return x.dtype == ScalarType.BFloat16 ? Conv3dPath.ChannelsLast : Convolution3d.Path;
        var candidates = Candidates(x, weight, padding, voxels);
        return calibration.Choose(signature, candidates, path => Seconds(x, weight, padding, path, gradients),
                                  path => Convolution3d.AgreesWithFloat64(path, weight.shape[1], weight.shape[0], kernel, padding, x.dtype));
    }

    /// <summary>The known-good path first (the process's probed float32 path; channels-last, which the bfloat16 probe
    /// checked, for bfloat16), then the other ways round the fault that can run this layer (plain only where the probe
    /// found no fault).</summary>
    private static List<Conv3dPath> Candidates(Tensor x, Tensor weight, long[] padding, long voxels)
    {
        var first = x.dtype == ScalarType.BFloat16 ? Conv3dPath.ChannelsLast : Convolution3d.Path;
        var all = new List<Conv3dPath> { first, Convolution3d.Path, Conv3dPath.ChannelsLast, Conv3dPath.ChannelsLastPadded, Conv3dPath.Padded, Conv3dPath.Slices, Conv3dPath.StackedSlices };
        long taps = weight.shape[2] * weight.shape[3] * weight.shape[4], channels = weight.shape[1];
        long inputBytes = channels * voxels * x.shape[0] * x.element_size();
        if (channels <= UnfoldedChannelsLimit && taps * inputBytes <= UnfoldedBytesLimit) all.Add(Conv3dPath.Unfolded);
        // Stacked slices hold the kernel's shortest axis's taps as copies of the input.
        if (weight.shape[2..].Where(k => k > 1).DefaultIfEmpty(1).Min() * inputBytes > UnfoldedBytesLimit) all.Remove(Conv3dPath.StackedSlices);
        return [.. all.Distinct().Where(p => Convolution3d.Runs(p, weight, padding))];
    }

    /// <summary>Best of two timed runs after a warm-up, on zeros of the layer's shapes, backward included when training.</summary>
    private static double Seconds(Tensor x, Tensor weight, long[] padding, Conv3dPath path, bool gradients)
    {
        using var scope = NewDisposeScope();
        using var mode = gradients ? enable_grad() : no_grad();
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            using var step = NewDisposeScope();
            var input = zeros_like(x).requires_grad_(gradients && x.requires_grad);
            var kernel = zeros_like(weight).requires_grad_(gradients);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var y = Convolution3d.Apply(input, kernel, null, padding, path);
            if (gradients) y.sum().backward();
            if (run > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
