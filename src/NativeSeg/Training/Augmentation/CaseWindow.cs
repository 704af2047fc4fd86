using NativeSeg.Imaging.Geometry;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// The part of a case a patch is made from, as [X, Y, Z] float32 tensors on the case's grid: a plain window, or the
/// window read through a <see cref="SpatialDraw"/> (trilinear, zero outside the volume; the label read the same way
/// and kept where its fraction exceeds ½, the truth's rule).
/// </summary>
public static class CaseWindow
{
    /// <summary>The voxels [start, start + shape) of the case, zero where the window leaves the volume (starts may be negative).</summary>
    public static (Tensor Image, Tensor Label) Cut(TrainingCase c, int[] start, Shape3 shape)
    {
        var image = new float[shape.Count];
        var label = new float[shape.Count];
        int i0 = Math.Max(0, -start[0]), i1 = Math.Min(shape.X, c.Shape.X - start[0]);
        for (int k = 0; k < shape.Z; k++)
        {
            int z = start[2] + k;
            if (z < 0 || z >= c.Shape.Z) continue;
            for (int j = 0; j < shape.Y; j++)
            {
                int y = start[1] + j;
                if (y < 0 || y >= c.Shape.Y || i1 <= i0) continue;
                long src = c.Shape.Index(start[0] + i0, y, z), dst = shape.Index(i0, j, k);
                Array.Copy(c.Image, src, image, dst, i1 - i0);
                for (int i = 0; i < i1 - i0; i++) label[dst + i] = c.Label[src + i];
            }
        }
        return (Xyz(image, shape), Xyz(label, shape));
    }

    /// <summary>
    /// The grid of <paramref name="shape"/> on the case's spacing centred at voxel <paramref name="centre"/>, whose voxel at
    /// mm offset d from the centre reads the case at offset <paramref name="draw"/>.Transform·d.
    /// </summary>
    public static (Tensor Image, Tensor Label) Sample(TrainingCase c, double[] centre, Shape3 shape, SpatialDraw draw)
    {
        using var scope = NewDisposeScope();
        var s = c.Spacing;
        var a = draw.Transform;
        // M maps output voxel offsets to case voxel offsets: diag(1/s)·A·diag(s).
        var m = Mat3.From((r, k) => a[r, k] * s[k] / s[r]);
        var lo = new int[3];
        var hi = new int[3];
        for (int r = 0; r < 3; r++)
        {
            double reach = 0;
            for (int k = 0; k < 3; k++) reach += Math.Abs(m[r, k]) * (shape[k] - 1) / 2.0;
            lo[r] = (int)Math.Floor(centre[r] - reach) - 1;
            hi[r] = (int)Math.Ceiling(centre[r] + reach) + 1;
        }
        var region = new Shape3(hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1);
        var (image, label) = Cut(c, lo, region);
        // grid_sample's last grid axis is (W, H, D) = (Z, Y, X) of our [X, Y, Z] tensors, in [-1, 1] with align_corners.
        var coordinates = new Tensor[3];
        for (int r = 0; r < 3; r++)
        {
            double toUnit = 2.0 / (region[r] - 1);
            Tensor? u = null;
            for (int k = 0; k < 3; k++)
            {
                double half = (shape[k] - 1) / 2.0, slope = m[r, k] * toUnit;
                double offset = k == 0 ? (centre[r] - lo[r]) * toUnit - 1 : 0;
                var line = linspace(offset - slope * half, offset + slope * half, shape[k], float32).reshape(Broadcast(k));
                u = u is null ? line : u.Plus(line);
            }
            coordinates[r] = u!.expand(shape.X, shape.Y, shape.Z);
        }
        var grid = stack([coordinates[2], coordinates[1], coordinates[0]], 3).unsqueeze(0);
        var sampledImage = nn.functional.grid_sample(image.reshape(1, 1, region.X, region.Y, region.Z), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true);
        var sampledLabel = nn.functional.grid_sample(label.reshape(1, 1, region.X, region.Y, region.Z), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true);
        return (sampledImage.reshape(shape.X, shape.Y, shape.Z).MoveToOuterDisposeScope(),
                sampledLabel.gt(KeptScalars.Of(0.5)).to(float32).reshape(shape.X, shape.Y, shape.Z).MoveToOuterDisposeScope());
    }

    private static long[] Broadcast(int axis) => axis switch { 0 => [-1, 1, 1], 1 => [1, -1, 1], _ => [1, 1, -1] };

    private static Tensor Xyz(float[] voxels, Shape3 shape)
    {
        using var batch = VolumeTensors.ToBatch(voxels, shape.X, shape.Y, shape.Z);
        return batch.reshape(shape.X, shape.Y, shape.Z).clone();
    }
}
