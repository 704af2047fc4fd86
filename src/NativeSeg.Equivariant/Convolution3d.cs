using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// conv3d (stride 1, same-size padding) that stays exact where libtorch's oneDNN kernels are not. On the AMD EPYC
/// (Zen 4, AVX-512) machines this project runs on, libtorch 2.10's float32 conv3d through oneDNN (kernels larger
/// than 3 in-plane) returns wrong values or NaN in the forward pass when the input has more than 16 channels and
/// not a multiple of 16 (17, 18, 24, 30, 36), and wrong or NaN input gradients whenever the output channels are
/// not a multiple of 16 (1, 2, 8, 12, 18, 24, ...) — the blocked layouts' padding channels are read uninitialized.
/// Measured against float64 (libtorch's native path): relative errors up to 1e-1 and NaN; with both channel counts
/// zero-padded to multiples of 16 every case agrees to 1e-6. A plain U-Net with 8 features and the RA-U-Net (18,
/// 30, 36-channel layers) were both hit, nondeterministically. Whether a machine needs the padding is measured once
/// per process on a 17-channel probe (<see cref="PaddingNeeded"/>); NATIVESEG_CONV_PADDING=on|off overrides it.
/// </summary>
public static class Convolution3d
{
    public const int ChannelBlock = 16;

    private static readonly Lazy<bool> Decision = new(() => Environment.GetEnvironmentVariable("NATIVESEG_CONV_PADDING")?.Trim().ToLowerInvariant() switch
    {
        "on" => true,
        "off" => false,
        _ => MeasurePaddingNeeded(),
    });

    /// <summary>True when this machine's float32 conv3d disagrees with float64 on the probe (then channels are padded); decided once per process.</summary>
    public static bool PaddingNeeded => Decision.Value;

    /// <summary>x [B, Cin, X, Y, Z], weight [Cout, Cin, kx, ky, kz], optional bias [Cout] -> [B, Cout, X', Y', Z'].</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding) =>
        x.dtype == ScalarType.Float32 && PaddingNeeded ? Padded(x, weight, bias, padding) : nn.functional.conv3d(x, weight, bias, padding: padding);

    /// <summary>The convolution with input and output channels zero-padded to multiples of <see cref="ChannelBlock"/>; the same numbers.</summary>
    public static Tensor Padded(Tensor x, Tensor weight, Tensor? bias, long[] padding)
    {
        long cout = weight.shape[0], cin = weight.shape[1];
        long padIn = RoundUp(cin) - cin, padOut = RoundUp(cout) - cout;
        if (padIn == 0 && padOut == 0) return nn.functional.conv3d(x, weight, bias, padding: padding);
        using var scope = NewDisposeScope();
        var xp = padIn > 0 ? nn.functional.pad(x, new long[] { 0, 0, 0, 0, 0, 0, 0, padIn }) : x;
        var wp = nn.functional.pad(weight, new long[] { 0, 0, 0, 0, 0, 0, 0, padIn, 0, padOut });
        var bp = bias is null || padOut == 0 ? bias : nn.functional.pad(bias, new long[] { 0, padOut });
        var y = nn.functional.conv3d(xp, wp, bp, padding: padding);
        return (padOut > 0 ? y.narrow(1, 0, cout) : y).MoveToOuterDisposeScope();
    }

    private static long RoundUp(long channels) => (channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;

    /// <summary>A 17-channel 5³ convolution, forward and input gradient, float32 against float64.</summary>
    private static bool MeasurePaddingNeeded()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();   // the first caller may be inside no_grad (inference)
        var generator = new Generator(17);
        var x = randn(new long[] { 1, 17, 6, 6, 6 }, generator: generator).requires_grad_(true);
        var w = randn(new long[] { 17, 17, 5, 5, 5 }, generator: generator);
        var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
        var pad = new long[] { 2, 2, 2 };
        var y = nn.functional.conv3d(x, w, padding: pad);
        var y64 = nn.functional.conv3d(x64, w.to_type(ScalarType.Float64), padding: pad);
        y.sum().backward();
        y64.sum().backward();
        double Relative(Tensor a, Tensor b) => ((a.to_type(ScalarType.Float64) - b).abs().max() / b.abs().max()).item<double>();
        double forward = Relative(y.detach(), y64.detach()), backward = Relative(x.grad!, x64.grad!);
        return !(forward < 1e-4 && backward < 1e-4);
    }
}
