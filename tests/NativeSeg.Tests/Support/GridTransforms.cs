using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Grid symmetries of a field [B, C, X, Y, Z] and the rotation matrix R each applies to positions (tensor axes =
/// x, y, z), so that the transformed field is f'(p) = D(R) f(R^-1 p).
/// </summary>
internal static class GridTransforms
{
    /// <summary>
    /// torch.rot90 in the plane of tensor axes (a, b) (0..2): out[i, j] = in[j, N-1-i], i.e. a point at (u, v)
    /// reads the input at (v, -u), so R maps e_a to e_b and e_b to -e_a.
    /// </summary>
    public static (Tensor Field, Tensor R) Rot90(Tensor x, int a, int b)
    {
        int c = 3 - a - b;
        var r = zeros(3, 3, dtype: ScalarType.Float64);
        r[b, a] = 1;
        r[a, b] = -1;
        r[c, c] = 1;
        return (x.rot90(1, (2 + a, 2 + b)), r);
    }

    /// <summary>
    /// Cyclic axis permutation y[i, j, k] = x[k, i, j] (new axes = old y, z, x): a proper rotation
    /// R (x, y, z) = (y, z, x) of positions. Spacing permutes alike: (s_y, s_z, s_x).
    /// </summary>
    public static (Tensor Field, Tensor R) CyclicPermutation(Tensor x)
    {
        var r = tensor(new double[] { 0, 1, 0, 0, 0, 1, 1, 0, 0 }, new long[] { 3, 3 }, dtype: ScalarType.Float64);
        return (x.permute(0, 1, 3, 4, 2), r);
    }

    /// <summary>Rotates the channels of a field with irreps by D(R).</summary>
    public static Tensor RotateChannels(Irreps irreps, Tensor r, Tensor field) =>
        WignerD.RotateChannels(WignerD.ForIrreps(irreps, r).to_type(field.dtype), field);
}
