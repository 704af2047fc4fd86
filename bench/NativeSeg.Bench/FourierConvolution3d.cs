using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// conv3d (cross-correlation, stride 1) through the correlation theorem: with x zero-padded by p to length L per axis
/// and transforms of length N ≥ L,
///     y[i] = Σ_t x[i+t] w[t] = IDFT_N( DFT_N(x) · conj(DFT_N(w)) )[i],   0 ≤ i ≤ L − k,
/// exact because i + t ≤ L − 1 &lt; N never wraps. The cost no longer grows with the kernel's tap count: the
/// RA-U-Net's 5 mm kernels have 11³ taps at 0.5 mm (1331, against 125 at 1 mm), where the direct convolution spends
/// 10x the FLOPs of the same layer at 1 mm while the transforms cost about the same. Channel mixing is a complex
/// broadcast multiply-sum over frequencies. Differentiable through libtorch's autograd.
/// Kept in the benchmarks as the measured reason the product has no Fourier path: with libtorch 2.10's CPU FFT it is
/// 7-50x slower than the direct convolution at every RA shape (BENCHMARKS.md, "Convolution algorithms").
/// </summary>
public static class FourierConvolution3d
{
    private static readonly long[] SpatialDims = { 2, 3, 4 };

    /// <summary>x [B, Cin, X, Y, Z], weight [Cout, Cin, kx, ky, kz], optional bias [Cout] -> [B, Cout, X+2p−k+1, ...].</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], cin = x.shape[1], cout = weight.shape[0];
        var xp = nn.functional.pad(x, new long[] { padding[2], padding[2], padding[1], padding[1], padding[0], padding[0] });
        var length = new[] { xp.shape[2], xp.shape[3], xp.shape[4] };
        var size = length.Select(FastLength).ToArray();
        var output = new long[3];
        for (int a = 0; a < 3; a++) output[a] = length[a] - weight.shape[2 + a] + 1;

        var xf = fft.rfftn(xp, s: size, dim: SpatialDims);                  // [B, Cin, F...]
        var wf = fft.rfftn(weight, s: size, dim: SpatialDims).conj();       // [Cout, Cin, F...]
        // Σ_c x̂[b, c, f] · ŵ[o, c, f]: broadcast multiply and sum (a batched matmul of Cin x Cout per frequency is
        // 30x slower: one tiny GEMM call per frequency).
        var yf = (xf.unsqueeze(1) * wf.unsqueeze(0)).sum(2);
        var y = fft.irfftn(yf, s: size, dim: SpatialDims)
            .narrow(2, 0, output[0]).narrow(3, 0, output[1]).narrow(4, 0, output[2]);
        if (bias is not null) y = y + bias.view(1, cout, 1, 1, 1);
        return y.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The smallest n ≥ <paramref name="length"/> whose only prime factors are 2, 3 and 5 (fast FFT lengths).</summary>
    public static long FastLength(long length)
    {
        for (long n = Math.Max(1, length); ; n++)
        {
            long m = n;
            foreach (var p in new long[] { 2, 3, 5 }) while (m % p == 0) m /= p;
            if (m == 1) return n;
        }
    }
}
