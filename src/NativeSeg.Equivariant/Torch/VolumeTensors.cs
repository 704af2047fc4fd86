using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Torch;

/// <summary>
/// Between NIfTI-ordered voxel arrays (i fastest) and [.., X, Y, Z] tensors (row-major, so k fastest):
/// the same numbers, axes reversed; a permute does it without arithmetic.
/// </summary>
public static class VolumeTensors
{
    /// <summary>A [1, 1, X, Y, Z] float32 tensor (contiguous) holding <paramref name="voxels"/> of an X x Y x Z grid.</summary>
    public static Tensor ToBatch(float[] voxels, int x, int y, int z, Device? device = null)
    {
        if (voxels.LongLength != (long)x * y * z) throw new ArgumentException($"{voxels.LongLength} voxels do not fill a {x}x{y}x{z} grid");
        using var scope = NewDisposeScope();
        var zyx = tensor(voxels, new long[] { z, y, x }, float32);
        var xyz = zyx.permute(2, 1, 0).contiguous().reshape(1, 1, x, y, z);
        if (device != null && device.type != DeviceType.CPU) xyz = xyz.to(device);
        return xyz.MoveToOuterDisposeScope();
    }

    /// <summary>The voxels of an [X, Y, Z] tensor in NIfTI order.</summary>
    public static float[] ToVoxels(Tensor xyz)
    {
        if (xyz.dim() != 3) throw new ArgumentException($"expected an [X, Y, Z] tensor, got shape [{string.Join(", ", xyz.shape)}]");
        using var scope = NewDisposeScope();
        var zyx = xyz.to(float32).cpu().permute(2, 1, 0).contiguous();
        return zyx.data<float>().ToArray();
    }
}
