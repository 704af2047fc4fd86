using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Import;

/// <summary>
/// The lattice buffers exactly as SCAN-NRAD e3nn_Unet's <c>voxel_convolution.Convolution.__init__</c> builds them on
/// e3nn 0.5.1 when torch's default dtype is float32 (the usual case): every operation below is one torch operation
/// of that code, in its order and in float32, so the values are bit for bit the published buffers (checked against
/// the buffers in a torch.save of the published model). A model moved to float64 with <c>.double()</c>
/// keeps these float32 values; computing them in float64 instead moves the published whole-network outputs by up
/// to 4e-6 (docs/design/e3nn.md "Float32 lattice buffers").
/// </summary>
public static class PublishedFloat32Buffers
{
    /// <summary>Largest filter degree whose harmonics are e3nn 0.5.1's explicit l &lt;= 2 formulas (the published lmax).</summary>
    public const int MaxLmax = 2;

    /// <summary>emb [N, number] and sh [N, (lmax+1)^2] (float64 holding float32 values), points in meshgrid "ij" order.</summary>
    public static (Tensor Emb, Tensor Sh) Build(Spacing spacing, Shape3 halfWidth, KernelFrame frame, double radiusMm, int number, bool cutoff, int lmax)
    {
        if (lmax > MaxLmax) throw new UserInputException($"published float32 lattice buffers: filter lmax {lmax} > {MaxLmax} (the published code's)");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var lattice = Lattice(spacing, halfWidth, frame);
        var emb = SmoothFinite(lattice.norm(1), radiusMm, number, cutoff);
        var sh = Harmonics(lattice, lmax);
        return (emb.to(ScalarType.Float64).MoveToOuterDisposeScope(), sh.to(ScalarType.Float64).MoveToOuterDisposeScope());
    }

    /// <summary>x = torch.arange(-n, n + 1.0) * s per axis (float32 product), stacked by meshgrid "ij".</summary>
    private static Tensor Lattice(Spacing spacing, Shape3 halfWidth, KernelFrame frame)
    {
        var axes = new Tensor[3];
        for (int a = 0; a < 3; a++)
            axes[a] = arange(KeptScalars.Of(-halfWidth[a]), KeptScalars.Of(halfWidth[a] + 1.0), KeptScalars.One, dtype: ScalarType.Float32) * KeptScalars.Of(spacing[a]);
        var lattice = stack(meshgrid(axes, indexing: "ij"), dim: -1).reshape(-1, 3);
        if (frame == KernelFrame.Voxel) return lattice;
        // The published code has no world frame; turning its float32 offsets keeps the rest of its arithmetic.
        return frame.Turn(lattice.to(ScalarType.Float64)).to(ScalarType.Float32);
    }

    /// <summary>
    /// soft_one_hot_linspace(x, 0, r, number, 'smooth_finite', cutoff) of the published copy:
    /// 1.14136 * exp(tensor(2.0)) * u(d + 1) * u(1 - d), d = (x - centre) / step, u(t) = exp(-1 / t) for t &gt; 0.
    /// </summary>
    private static Tensor SmoothFinite(Tensor x, double radiusMm, int number, bool cutoff)
    {
        var values = linspace(0.0, radiusMm, cutoff ? number + 2 : number, dtype: ScalarType.Float32);
        var step = values[1] - values[0];
        if (cutoff) values = values.narrow(0, 1, number);
        var diff = (x.unsqueeze(-1) - values) / step;
        // 1.14136 * exp(float32 2.0): the float32 e^2 times 1.14136 rounded to float32, left to right as Python does.
        var scale = tensor(2.0f).exp() * KeptScalars.Of(1.14136);
        return scale * SoftUnitStep(diff.Plus(KeptScalars.One)) * SoftUnitStep(-diff.Plus(KeptScalars.Of(-1)));
    }

    /// <summary>
    /// e3nn 0.5.1 _SoftUnitStep.forward: y = 0; y[x &gt; 0] = (-1 / x[x &gt; 0]).exp(), -1 / x being reciprocal(x) * -1
    /// and exp torch's vectorized float32 one, <see cref="SleefExpF"/> (libtorch 2.10 here rounds some of these
    /// arguments differently, which moved 62 of the published 625 radial values by one unit in the last place).
    /// </summary>
    private static Tensor SoftUnitStep(Tensor x)
    {
        var y = zeros_like(x);
        var positive = x > KeptScalars.Of(0);
        var arguments = (x.masked_select(positive).reciprocal() * KeptScalars.Of(-1)).data<float>().ToArray();
        return y.masked_scatter(positive, tensor(Array.ConvertAll(arguments, SleefExpF)));
    }

    /// <summary>
    /// SLEEF 3's xexpf (the 1-ulp float32 exp behind torch's Vectorized&lt;float&gt;::exp): q = rint(d / ln2),
    /// s = d - q ln2 in two Cody-Waite parts, e^s = 1 + s + s^2 P(s) with fused multiply-adds, times 2^q.
    /// </summary>
    public static float SleefExpF(float d)
    {
        const float rLn2 = 1.442695040888963407359924681001892137426645954152985934135449406931f;
        const float ln2Upper = 0.693145751953125f, ln2Lower = 1.428606765330187045e-06f;
        float q = MathF.Round(d * rLn2, MidpointRounding.ToEven);
        float s = MathF.FusedMultiplyAdd(q, -ln2Upper, d);
        s = MathF.FusedMultiplyAdd(q, -ln2Lower, s);
        float u = 0.000198527617612853646278381f;
        u = MathF.FusedMultiplyAdd(u, s, 0.00139304355252534151077271f);
        u = MathF.FusedMultiplyAdd(u, s, 0.00833336077630519866943359f);
        u = MathF.FusedMultiplyAdd(u, s, 0.0416664853692054748535156f);
        u = MathF.FusedMultiplyAdd(u, s, 0.166666671633720397949219f);
        u = MathF.FusedMultiplyAdd(u, s, 0.5f);
        u = 1.0f + MathF.FusedMultiplyAdd(s * s, u, s);
        if (d < -104f) return 0f;
        if (d > 104f) return float.PositiveInfinity;
        // ldexp in two halves so 2^q never overflows on its own (SLEEF's vldexp2).
        int e = (int)q;
        return u * Pow2(e >> 1) * Pow2(e - (e >> 1));
    }

    private static float Pow2(int e) => BitConverter.Int32BitsToSingle((e + 127) << 23);

    /// <summary>
    /// e3nn 0.5.1 spherical_harmonics(l, x, normalize=True, 'component') for l &lt;= 2: x / max(|x|, 1e-12), then its
    /// generated formulas (each constant a Python float, rounded to float32 by the multiplication).
    /// </summary>
    private static Tensor Harmonics(Tensor lattice, int lmax)
    {
        var v = nn.functional.normalize(lattice, p: 2, dim: -1, eps: 1e-12);
        var x = v.select(-1, 0);
        var y = v.select(-1, 1);
        var z = v.select(-1, 2);
        var columns = new List<Tensor> { ones_like(x) };
        if (lmax >= 1)
        {
            var s3 = KeptScalars.Of(Math.Sqrt(3));
            columns.AddRange([x * s3, y * s3, z * s3]);
        }
        if (lmax >= 2)
        {
            var s15 = KeptScalars.Of(Math.Sqrt(15));
            var y2 = y * y;
            var x2z2 = (x * x).Plus(z * z);
            columns.AddRange([
                x * s15 * z,
                x * s15 * y,
                (y2 - x2z2 * KeptScalars.Of(0.5)) * KeptScalars.Of(Math.Sqrt(5)),
                y * s15 * z,
                (z * z - x * x) * KeptScalars.Of(0.5 * Math.Sqrt(15)),
            ]);
        }
        return stack(columns, dim: -1);
    }
}
