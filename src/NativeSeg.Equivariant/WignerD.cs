using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// Wigner D matrices of e3nn's real irreps: D_l(R) with Y_l(R v) = D_l(R) Y_l(v) (so D_1(R) = R). Obtained by least
/// squares on fixed sample directions, exact up to rounding because Y_l spans the degree-l representation:
/// D_l^T = pinv(Y_l(V)) Y_l(V R^T). Improper R (det -1) follows e3nn: D(-R) times the irrep's parity.
/// </summary>
public static class WignerD
{
    private static readonly ConcurrentDictionary<int, (double[] Points, double[] Pinv)> Fits = new();

    /// <summary>R [..., 3, 3] (proper rotations) -> D_l [..., 2l+1, 2l+1], same dtype as R.</summary>
    public static Tensor FromMatrix(Tensor r, int l)
    {
        if (r.dim() < 2 || r.shape[^1] != 3 || r.shape[^2] != 3)
            throw new ArgumentException($"wigner D: expected rotation matrices [..., 3, 3], got [{string.Join(", ", r.shape)}]");
        var (points, pinv) = Fits.GetOrAdd(l, Fit);
        int d = 2 * l + 1;
        int k = points.Length / 3;
        using var scope = NewDisposeScope();
        var rr = r.to_type(ScalarType.Float64);
        var p = torch.tensor(points, new long[] { k, 3 }, dtype: ScalarType.Float64, device: r.device);
        var rotated = SphericalHarmonics.Compute(new[] { l }, p.matmul(rr.transpose(-1, -2)), normalize: false); // [..., K, d]
        var pinvT = torch.tensor(pinv, new long[] { d, k }, dtype: ScalarType.Float64, device: r.device);
        return pinvT.matmul(rotated).transpose(-1, -2).to_type(r.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>D of a whole feature vector: block diagonal, one D_l per irrep copy. R [3, 3], proper or improper.</summary>
    public static Tensor ForIrreps(Irreps irreps, Tensor r)
    {
        var m = Rotations.FromTensor(r);
        double det = Rotations.Determinant(m);
        if (Math.Abs(Math.Abs(det) - 1) > 1e-6) throw new ArgumentException($"wigner D: matrix is not orthogonal (det {det})");
        using var scope = NewDisposeScope();
        var proper = det < 0 ? -r.to_type(ScalarType.Float64) : r.to_type(ScalarType.Float64);
        var result = zeros(irreps.Dim, irreps.Dim, dtype: ScalarType.Float64, device: r.device);
        var byL = new Dictionary<int, Tensor>();
        foreach (var (_, irrep, start) in irreps.Copies())
        {
            if (!byL.TryGetValue(irrep.L, out var dl)) byL[irrep.L] = dl = FromMatrix(proper, irrep.L);
            var block = det < 0 && irrep.Parity == -1 ? -dl : dl;
            result.narrow(0, start, irrep.Dim).narrow(1, start, irrep.Dim).copy_(block);
        }
        return result.to_type(r.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>Rotates features whose channels are dim 1 ([N, C] or [B, C, ...]): x'[:, i] = sum_j d[i, j] x[:, j].</summary>
    public static Tensor RotateChannels(Tensor d, Tensor x)
    {
        if (x.dim() < 2 || x.shape[1] != d.shape[1])
            throw new ArgumentException($"rotate: {d.shape[1]} channels expected at dim 1, got [{string.Join(", ", x.shape)}]");
        var dt = d.to_type(x.dtype).t();
        return x.dim() == 2 ? x.matmul(dt) : movedim(movedim(x, 1, -1).matmul(dt), -1, 1);
    }

    /// <summary>Fibonacci-sphere directions (twice as many as needed plus margin) and the pseudo-inverse of Y_l on them.</summary>
    private static (double[], double[]) Fit(int l)
    {
        int d = 2 * l + 1;
        int k = 2 * d + 8;
        var pts = new double[3 * k];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        for (int i = 0; i < k; i++)
        {
            double y = 1 - 2 * (i + 0.5) / k;
            double rad = Math.Sqrt(1 - y * y);
            pts[3 * i] = Math.Cos(golden * i) * rad;
            pts[3 * i + 1] = y;
            pts[3 * i + 2] = Math.Sin(golden * i) * rad;
        }
        using var scope = NewDisposeScope();
        var y0 = SphericalHarmonics.Compute(new[] { l }, torch.tensor(pts, new long[] { k, 3 }, dtype: ScalarType.Float64), normalize: false);
        var pinv = torch.linalg.pinv(y0).contiguous();
        return (pts, pinv.data<double>().ToArray());
    }
}
