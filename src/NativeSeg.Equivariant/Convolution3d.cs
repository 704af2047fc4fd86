using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>How a float32 conv3d reaches libtorch (see <see cref="Convolution3d"/>).</summary>
public enum Conv3dPath
{
    /// <summary>conv3d as called: right on machines without the oneDNN fault.</summary>
    [JsonStringEnumMemberName("plain")] Plain,
    /// <summary>Input and weight in channels-last (NDHWC) memory: oneDNN's unblocked kernels, exact and faster than padding.</summary>
    [JsonStringEnumMemberName("channels-last")] ChannelsLast,
    /// <summary>Input and output channels zero-padded to multiples of 16: exact at the cost of the padded channels.</summary>
    [JsonStringEnumMemberName("padded")] Padded,
    /// <summary>Channels zero-padded to multiples of 16 and channels-last: oneDNN's full-block kernels where the unpadded
    /// channels-last shape falls to a slow path (30 or 60 -> 72 channels on a 5x5x3 kernel ran at 18 GFLOP/s).</summary>
    [JsonStringEnumMemberName("channels-last-padded")] ChannelsLastPadded,
    /// <summary>A kernel one voxel deep along an axis as a 2D convolution, that axis folded into the batch.</summary>
    [JsonStringEnumMemberName("slices")] Slices,
    /// <summary>The kernel's shortest axis unfolded into input channels (shifted copies), then as <see cref="Slices"/>.</summary>
    [JsonStringEnumMemberName("stacked-slices")] StackedSlices,
    /// <summary>The input's patches gathered into one matrix (im2col) and one matmul with the kernel: for few input
    /// channels (the first layer's one), where a blocked conv3d kernel would run mostly on padding.</summary>
    [JsonStringEnumMemberName("unfolded")] Unfolded,
}

/// <summary>
/// conv3d (stride 1, same-size padding) that stays exact where libtorch's oneDNN kernels are not. On the AMD EPYC
/// (Zen 4, AVX-512) machines this project runs on, libtorch 2.10's float32 conv3d through oneDNN (kernels larger
/// than 3 in-plane) returns wrong values or NaN in the forward pass when the input has more than 16 channels and
/// not a multiple of 16 (17, 18, 24, 30, 36), and wrong or NaN input gradients whenever the output channels are
/// not a multiple of 16 (1, 2, 8, 12, 18, 24, ...) — the 16-channel blocked layouts' padding channels are read
/// uninitialized. Measured against float64 (libtorch's native path): relative errors up to 1e-1 and NaN. Two exact
/// ways round it: zero-padding both channel counts to multiples of 16 (every case agrees to 1e-6), and handing
/// oneDNN channels-last tensors, whose kernels use no blocked layout (1e-6 too; an RA-U-Net training step takes
/// 0.68-0.93x the padded time: BENCHMARKS.md "Convolution path"). Which path a machine needs is measured once per
/// process on a 17-channel probe (<see cref="Path"/>); NATIVESEG_CONV_PATH=plain|channels-last|padded|channels-last-padded forces one
/// path on every layer. Per layer, <c>Nets.Execution.ConvolutionPaths</c> chooses among all exact paths by measurement.
/// </summary>
public static class Convolution3d
{
    public const int ChannelBlock = 16;

    public const string EnvironmentVariable = "NATIVESEG_CONV_PATH";

    private static readonly Lazy<Conv3dPath?> EnvironmentPath = new(FromEnvironment);

    private static readonly Lazy<Conv3dPath> Decision = new(() => EnvironmentPath.Value ?? MeasurePath());

    /// <summary>The paths that run every kernel at any size, so one of them may be forced on every layer.</summary>
    private static readonly Conv3dPath[] General = [Conv3dPath.Plain, Conv3dPath.ChannelsLast, Conv3dPath.Padded, Conv3dPath.ChannelsLastPadded];

    /// <summary>The path named by NATIVESEG_CONV_PATH, read by System.Text.Json from the enum's own member names (as
    /// model.json's enums are); a misspelt one is refused, not ignored, so a benchmark never measures a path it did not ask for.</summary>
    private static Conv3dPath? FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };
        try
        {
            var path = JsonSerializer.Deserialize<Conv3dPath>(JsonSerializer.Serialize(text.ToLowerInvariant()), json);
            if (General.Contains(path)) return path;
        }
        catch (JsonException)
        {
        }
        var names = General.Select(p => JsonSerializer.Serialize(p, json).Trim('"'));
        throw new ArgumentException($"{EnvironmentVariable}={text}: expected {string.Join(", ", names)}");
    }

    /// <summary>Reads NATIVESEG_CONV_PATH now, so a misspelt value is refused before any work starts (null: not set).</summary>
    public static Conv3dPath? Requested() => FromEnvironment();

    private static readonly AsyncLocal<Conv3dPath?> Forced = new();

    /// <summary>The float32 path this process uses: the first of plain, channels-last, padded that agrees with float64 on the probe.</summary>
    public static Conv3dPath Path => Forced.Value ?? Decision.Value;

    /// <summary>The path <see cref="Force"/> set for this flow of execution, else NATIVESEG_CONV_PATH's (null: neither; per-layer choices apply).</summary>
    public static Conv3dPath? ForcedPath => Forced.Value ?? EnvironmentPath.Value;

    /// <summary>The path a tensor of this type takes (float64 never meets the fault).</summary>
    public static Conv3dPath PathFor(ScalarType type) => type == ScalarType.Float32 ? Path : Conv3dPath.Plain;

    /// <summary>Runs the convolutions of this flow of execution (and the tasks it starts) along <paramref name="path"/> until
    /// disposed: benchmarks compare whole nets this way, tests reproduce bytes written along another path.</summary>
    public static IDisposable Force(Conv3dPath path)
    {
        var previous = Forced.Value;
        Forced.Value = path;
        return new Restore(() => Forced.Value = previous);
    }

    /// <summary>x [B, Cin, X, Y, Z], weight [Cout, Cin, kx, ky, kz], optional bias [Cout] -> [B, Cout, X', Y', Z'].</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding) => Apply(x, weight, bias, padding, PathFor(x.dtype));

    /// <summary>The convolution along a given path (benchmarks and tests compare them).</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding, Conv3dPath path) => Run(x, weight, bias, padding, null, path);

    /// <summary>A dilated convolution without bias (a piece of a kernel lattice) along this machine's path.</summary>
    public static Tensor Dilated(Tensor x, Tensor weight, long[] padding, long[] dilation) => Run(x, weight, null, padding, dilation, PathFor(x.dtype));

    /// <summary>The convolution on channels-last copies of input and weight; oneDNN returns channels-last output, which
    /// elementwise ops keep, so the next convolution needs no copy. A single input channel gets a zero second channel
    /// (with zero weights): one channel is both layouts at once and libtorch would take it as blocked.</summary>
    public static Tensor ChannelsLast(Tensor x, Tensor weight, Tensor? bias, long[] padding) => ChannelsLast(x, weight, bias, padding, null);

    /// <summary>The convolution with input and output channels zero-padded to multiples of <see cref="ChannelBlock"/>; the same numbers.</summary>
    public static Tensor Padded(Tensor x, Tensor weight, Tensor? bias, long[] padding) => Padded(x, weight, bias, padding, null);

    private static Tensor Run(Tensor x, Tensor weight, Tensor? bias, long[] padding, long[]? dilation, Conv3dPath path)
    {
        if (dilation is not null && path is Conv3dPath.Slices or Conv3dPath.StackedSlices or Conv3dPath.Unfolded)
            throw new ArgumentException($"{path}: not for dilated convolutions");
        if (path == Conv3dPath.Slices && FlatAxis(weight, padding) < 0)
            throw new ArgumentException($"slices: the kernel [{string.Join(", ", weight.shape[2..])}] is not one voxel deep along an unpadded axis");
        return path switch
        {
            Conv3dPath.ChannelsLast => ChannelsLast(x, weight, bias, padding, dilation),
            Conv3dPath.Plain => nn.functional.conv3d(x, weight, bias, padding: padding, dilation: dilation),
            Conv3dPath.ChannelsLastPadded => ChannelsLastPadded(x, weight, bias, padding, dilation),
            Conv3dPath.Slices => SliceConvolution.Apply(x, weight, bias, padding, FlatAxis(weight, padding)),
            Conv3dPath.Unfolded => UnfoldedConvolution.Apply(x, weight, bias, padding),
            Conv3dPath.StackedSlices => SliceConvolution.Stacked(x, weight, bias, padding),
            _ => Padded(x, weight, bias, padding, dilation),
        };
    }

    /// <summary>Whether <paramref name="path"/> can run this kernel: slices need an axis the kernel is one voxel deep along.</summary>
    public static bool Runs(Conv3dPath path, Tensor weight, long[] padding) => path switch
    {
        Conv3dPath.Slices => FlatAxis(weight, padding) >= 0,
        Conv3dPath.StackedSlices => FlatAxis(weight, padding) < 0 && weight.shape[2..].Any(k => k > 1),   // a flat kernel runs as slices itself
        _ => true,
    };

    /// <summary>The first spatial axis the kernel is one voxel deep along without padding (-1: none).</summary>
    private static int FlatAxis(Tensor weight, long[] padding) => Array.FindIndex([0, 1, 2], a => weight.shape[2 + a] == 1 && padding[a] == 0);

    private static Tensor ChannelsLastPadded(Tensor x, Tensor weight, Tensor? bias, long[] padding, long[]? dilation)
    {
        long cout = weight.shape[0], cin = weight.shape[1];
        long padIn = RoundUp(cin) - cin, padOut = RoundUp(cout) - cout;
        using var scope = NewDisposeScope();
        var xp = padIn > 0 ? nn.functional.pad(x, new long[] { 0, 0, 0, 0, 0, 0, 0, padIn }) : x;
        var wp = nn.functional.pad(weight, new long[] { 0, 0, 0, 0, 0, 0, 0, padIn, 0, padOut });
        var bp = bias is null || padOut == 0 ? bias : nn.functional.pad(bias, new long[] { 0, padOut });
        var y = nn.functional.conv3d(ToChannelsLast(xp), ToChannelsLast(wp), bp, padding: padding, dilation: dilation);
        return (padOut > 0 ? y.narrow(1, 0, cout) : y).MoveToOuterDisposeScope();
    }

    private static Tensor ChannelsLast(Tensor x, Tensor weight, Tensor? bias, long[] padding, long[]? dilation)
    {
        // The channels-last copies go with this scope, not the caller's: a whole feature map each.
        using var scope = NewDisposeScope();
        if (weight.shape[1] > 1)
            return nn.functional.conv3d(ToChannelsLast(x), ToChannelsLast(weight), bias, padding: padding, dilation: dilation).MoveToOuterDisposeScope();
        var second = new long[] { 0, 0, 0, 0, 0, 0, 0, 1 };
        return nn.functional.conv3d(ToChannelsLast(nn.functional.pad(x, second)), ToChannelsLast(nn.functional.pad(weight, second)), bias, padding: padding, dilation: dilation)
            .MoveToOuterDisposeScope();
    }

    private static Tensor Padded(Tensor x, Tensor weight, Tensor? bias, long[] padding, long[]? dilation)
    {
        long cout = weight.shape[0], cin = weight.shape[1];
        long padIn = RoundUp(cin) - cin, padOut = RoundUp(cout) - cout;
        if (padIn == 0 && padOut == 0) return nn.functional.conv3d(x.contiguous(), weight.contiguous(), bias, padding: padding, dilation: dilation);
        using var scope = NewDisposeScope();
        var xp = padIn > 0 ? nn.functional.pad(x.contiguous(), new long[] { 0, 0, 0, 0, 0, 0, 0, padIn }) : x.contiguous();
        var wp = nn.functional.pad(weight, new long[] { 0, 0, 0, 0, 0, 0, 0, padIn, 0, padOut });
        var bp = bias is null || padOut == 0 ? bias : nn.functional.pad(bias, new long[] { 0, padOut });
        var y = nn.functional.conv3d(xp, wp, bp, padding: padding, dilation: dilation);
        return (padOut > 0 ? y.narrow(1, 0, cout) : y).MoveToOuterDisposeScope();
    }

    /// <summary>[N, C, X, Y, Z] with C fastest in memory (a copy unless it already is).</summary>
    internal static Tensor ToChannelsLast(Tensor t) => t.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);

    private static long RoundUp(long channels) => (channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;

    private static Conv3dPath MeasurePath() =>
        new[] { Conv3dPath.Plain, Conv3dPath.ChannelsLast }.FirstOrDefault(p => AgreesWithFloat64(p, 17, 18, [5, 5, 5], [2, 2, 2]), Conv3dPath.Padded);

    /// <summary>
    /// Whether <paramref name="dtype"/> (float32 or bfloat16) along <paramref name="path"/> agrees with float64 (libtorch's
    /// native path, which never meets the fault) for a layer of these channels and kernel: forward, input and weight
    /// gradients, on a random input a few voxels larger than the kernel. float32 must agree within 1e-4 of the largest
    /// value; bfloat16 within 1e-2, against float64 on the same bfloat16-rounded inputs, so only the accumulation and the
    /// output's rounding (2^-9) count, while the fault's garbage channels (errors near 1e-1, or NaN) do not pass. The fault
    /// depends on channel counts and kernel shape, so a path is checked per layer signature before it may be chosen.
    /// </summary>
    public static bool AgreesWithFloat64(Conv3dPath path, long channelsIn, long channelsOut, long[] kernel, long[] padding, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();   // the first caller may be inside no_grad (inference)
        using var generator = new Generator((ulong)(channelsIn * 1000 + channelsOut));
        var x = randn([1, channelsIn, .. kernel.Select(k => Math.Max(6, k + 3))], generator: generator).to_type(dtype).requires_grad_(true);
        var w = randn([channelsOut, channelsIn, .. kernel], generator: generator).to_type(dtype).requires_grad_(true);
        var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_(true);
        var w64 = w.detach().to_type(ScalarType.Float64).requires_grad_(true);
        var y = Apply(x, w, null, padding, path);
        var y64 = nn.functional.conv3d(x64, w64, padding: padding);
        var upstream = randn(y64.shape, dtype: ScalarType.Float64, generator: generator).to_type(dtype);
        (y * upstream).sum().backward();
        (y64 * upstream.to_type(ScalarType.Float64)).sum().backward();
        double tolerance = dtype == ScalarType.Float32 ? 1e-4 : 1e-2;
        double Relative(Tensor a, Tensor b) => ((a.to_type(ScalarType.Float64) - b).abs().max() / b.abs().max()).item<double>();
        return new[] { Relative(y.detach(), y64.detach()), Relative(x.grad!, x64.grad!), Relative(w.grad!, w64.grad!) }.All(e => e < tolerance);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
