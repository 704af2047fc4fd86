using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>
/// conv3d with a kernel one voxel deep along one axis (a thick-slice grid's 9x9x1 level-0 kernel) as conv2d: the
/// slices along that axis are independent images, so they go into the batch. Input and kernel are handed to oneDNN
/// channels-last, as <see cref="Conv3dPath.ChannelsLast"/> does, so no blocked layout meets odd channel counts.
/// </summary>
internal static class SliceConvolution
{
    /// <param name="axis">The spatial axis (0, 1, 2) the kernel is one voxel deep along, with no padding on it.</param>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] padding, int axis)
    {
        using var scope = NewDisposeScope();
        int[] inPlane = [.. new[] { 0, 1, 2 }.Where(a => a != axis)];
        long batch = x.shape[0], channels = x.shape[1], depth = x.shape[2 + axis];
        long rows = x.shape[2 + inPlane[0]], columns = x.shape[2 + inPlane[1]];
        // [B, depth, rows, columns, C] in memory: a channels-last batch of 2D images.
        var images = x.permute(0, 2 + axis, 2 + inPlane[0], 2 + inPlane[1], 1).reshape(batch * depth, rows, columns, channels).permute(0, 3, 1, 2);
        var kernel = weight.squeeze(2 + axis).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        var y = nn.functional.conv2d(images, kernel, bias, padding: [padding[inPlane[0]], padding[inPlane[1]]]);
        long outputs = weight.shape[0];
        var stacked = y.permute(0, 2, 3, 1).reshape(batch, depth, y.shape[2], y.shape[3], outputs);
        // Back to [B, Cout, X, Y, Z]: each spatial axis's position in (axis, inPlane[0], inPlane[1]), after batch.
        int[] order = [axis, inPlane[0], inPlane[1]];
        return stacked.permute(0, 4, 1 + Array.IndexOf(order, 0), 1 + Array.IndexOf(order, 1), 1 + Array.IndexOf(order, 2)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Any kernel as a one-voxel-deep one: its shortest axis's k taps become k shifted copies of the input stacked as
    /// channels (y = sum over t of W[:, :, t] * x shifted by t, the same sum in another order), then the slices path.
    /// oneDNN ran a 30 -> 72 5x5x3 layer on 16x16x64 voxels at 50 GFLOP/s but a 180 -> 72 one at 210: more input
    /// channels and a flat kernel suit its kernels better.
    /// </summary>
    public static Tensor Stacked(Tensor x, Tensor weight, Tensor? bias, long[] padding)
    {
        using var scope = NewDisposeScope();
        int axis = Enumerable.Range(0, 3).Where(a => weight.shape[2 + a] > 1).MinBy(a => weight.shape[2 + a]);
        long taps = weight.shape[2 + axis], length = x.shape[2 + axis] + 2 * padding[axis] - taps + 1;
        var pad = new long[6];
        pad[4 - 2 * axis] = pad[5 - 2 * axis] = padding[axis];
        var padded = nn.functional.pad(x, pad);
        var copies = Enumerable.Range(0, (int)taps).Select(t => padded.narrow(2 + axis, t, length)).ToArray();
        var stacked = cat(copies, 1);
        // [O, C, kx, ky, kz] -> [O, k·C, ...] with the tap index outermost, as in the stacked input; one tap deep on the axis.
        int[] order = [0, 2 + axis, 1, .. new[] { 2, 3, 4 }.Where(d => d != 2 + axis)];
        var flat = weight.permute([.. order.Select(d => (long)d)]).reshape(weight.shape[0], taps * weight.shape[1], weight.shape[order[3]], weight.shape[order[4]]).unsqueeze(2 + axis);
        long[] inPlanePadding = [.. padding];
        inPlanePadding[axis] = 0;
        return Apply(stacked, flat, bias, inPlanePadding, axis).MoveToOuterDisposeScope();
    }
}
