using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// The RA-U-Net's convolution shapes, direct (libtorch conv3d, channel-padded where needed) against the Fourier path,
/// forward + backward: level 0 (15 -> 15 channels, 32 mm patch) at 1 mm, 0.5 mm and 0.45 x 0.45 x 5 mm.
/// </summary>
public sealed class ConvolutionAlgorithmBenchmarks : IBenchmarkSuite
{
    public string Key => "convalgo";

    public string Title => "Convolution algorithms: direct conv3d vs Fourier (forward + backward)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        var shapes = new (string Name, long[] Size, long[] Kernel, long Channels)[]
        {
            ("1 mm, 32^3, 5^3 kernel, 15 ch", new long[] { 32, 32, 32 }, new long[] { 5, 5, 5 }, 15),
            ("1 mm, 32^3, 5^3 kernel, 30 ch", new long[] { 32, 32, 32 }, new long[] { 5, 5, 5 }, 30),
            ("0.5 mm, 64^3, 11^3 kernel, 15 ch", new long[] { 64, 64, 64 }, new long[] { 11, 11, 11 }, 15),
            ("0.5 mm level 1 (1 mm), 32^3, 5^3, 30 ch", new long[] { 32, 32, 32 }, new long[] { 5, 5, 5 }, 30),
            ("0.45x0.45x5 mm, 71x71x7, 11x11x1, 15 ch", new long[] { 71, 71, 7 }, new long[] { 11, 11, 1 }, 15),
            ("1 mm, 16^3, 3^3 kernel, 15 ch", new long[] { 16, 16, 16 }, new long[] { 3, 3, 3 }, 15),
        };
        foreach (var (name, size, kernel, channels) in shapes)
        {
            foreach (var (algorithm, convolve) in new (string, Func<Tensor, Tensor, Tensor?, long[], Tensor>)[] { ("direct", Convolution3d.Apply), ("fourier", FourierConvolution3d.Apply) })
            {
                yield return new BenchmarkCase($"{name}: {algorithm}", () =>
                {
                    using var scope = NewDisposeScope();
                    var x = randn(new[] { 1, channels, size[0], size[1], size[2] }).requires_grad_(true);
                    var w = randn(new[] { channels, channels, kernel[0], kernel[1], kernel[2] }).requires_grad_(true);
                    var y = convolve(x, w, null, kernel.Select(k => k / 2).ToArray());
                    y.pow(2).mean().backward();
                }, Repeats: 3, Unit: "ms");
            }
        }
    }
}
