using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Resampling;

/// <summary>
/// Moves images between voxel grids. Boundary: scipy.ndimage mode='mirror' (reflection about the edge voxel
/// centres) for positions up to half a voxel outside the image; farther out the value is 0.
/// </summary>
public static class Resampler
{
    /// <summary>
    /// Resamples to <paramref name="target"/> spacing keeping the physical extent: along each axis the new
    /// count is n' = max(1, round(n·s/s')) and the new grid is centred on the old field of view, i.e. new
    /// voxel i' sits at old index (n−1)/2 + (i' − (n'−1)/2)·s'/s. The affine is updated to match (so world
    /// positions are preserved); the result carries no source header. The source spacing s is taken from
    /// the affine's column lengths (the geometry actually used), which equal pixdim in consistent files.
    /// </summary>
    public static Volume ResampleToSpacing(Volume volume, Spacing target, Interpolation method = Interpolation.CubicBSpline)
    {
        var spacing = volume.Affine.ColumnNorms();
        var (shape, affine) = TargetGrid(volume.Shape, spacing, volume.Affine, target);
        var scale = new double[3];
        var offset = new double[3];
        for (int d = 0; d < 3; d++)
        {
            scale[d] = target[d] / spacing[d];
            offset[d] = 0.5 * (volume.Shape[d] - 1) - 0.5 * (shape[d] - 1) * scale[d];
        }
        var voxels = Separable(volume, shape, scale, offset, method);
        return new Volume(shape, voxels, target, affine);
    }

    /// <summary>
    /// Largest output the resample verb writes without --force: 2^27 voxels (512 MiB as float32, e.g. a whole head at
    /// 0.3 mm). A typo such as --spacing 0.03 would otherwise turn a 55 KB input into gigabytes.
    /// </summary>
    public const long MaxOutputVoxels = 1L << 27;

    /// <summary>The grid <see cref="ResampleToSpacing"/> produces: shape and voxel-to-world affine.</summary>
    public static (Shape3 Shape, Affine Affine) TargetGrid(Shape3 shape, Spacing spacing, Affine affine, Spacing target)
    {
        var counts = new int[3];
        var m = affine.ToRowMajor();
        var result = new double[16];
        result[15] = 1;
        for (int d = 0; d < 3; d++)
        {
            double count = Math.Round(shape[d] * spacing[d] / target[d], MidpointRounding.AwayFromZero);
            if (!(count <= int.MaxValue))
                throw new UserInputException($"spacing {target[d]:g3} mm: axis {d} would need {count:g3} voxels (at most {int.MaxValue})");
            counts[d] = Math.Max(1, (int)count);
            double scale = target[d] / spacing[d];
            double offset = 0.5 * (shape[d] - 1) - 0.5 * (counts[d] - 1) * scale;
            for (int row = 0; row < 3; row++)
            {
                result[row * 4 + d] = m[row * 4 + d] * scale;
                result[row * 4 + 3] += m[row * 4 + d] * offset;
            }
        }
        for (int row = 0; row < 3; row++) result[row * 4 + 3] += m[row * 4 + 3];
        return (new Shape3(counts[0], counts[1], counts[2]), new Affine(result));
    }

    /// <summary>
    /// Resamples <paramref name="source"/> onto the grid of <paramref name="referenceGrid"/> through world
    /// coordinates (reference voxel → world by its affine → source voxel by the inverse source affine).
    /// The result carries the reference's header, so writing it copies the reference geometry exactly.
    /// </summary>
    public static Volume ResampleOnto(Volume source, Volume referenceGrid, Interpolation method = Interpolation.CubicBSpline)
    {
        var voxels = ResampleOnto(source, referenceGrid.Shape, referenceGrid.Affine, method);
        return new Volume(referenceGrid.Shape, voxels, referenceGrid.Spacing, referenceGrid.Affine) { Header = referenceGrid.Header };
    }

    /// <summary>Voxels of <paramref name="source"/> resampled onto the grid (shape, affine).</summary>
    public static float[] ResampleOnto(Volume source, Shape3 shape, Affine affine, Interpolation method = Interpolation.CubicBSpline)
    {
        var map = SourceIndexFromTargetIndex(source.Affine, affine);
        double diag = Math.Max(Math.Abs(map[0, 0]), Math.Max(Math.Abs(map[1, 1]), Math.Abs(map[2, 2])));
        bool axisAligned = true;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                if (r != c && Math.Abs(map[r, c]) > 1e-9 * diag) axisAligned = false;
        if (axisAligned)
            return Separable(source, shape, new[] { map[0, 0], map[1, 1], map[2, 2] }, new[] { map[0, 3], map[1, 3], map[2, 3] }, method);
        return General(source, shape, map, method);
    }

    /// <summary>3x4 matrix taking a target voxel index to a source voxel index: A_src⁻¹·A_target.</summary>
    private static double[,] SourceIndexFromTargetIndex(Affine sourceAffine, Affine targetAffine)
    {
        var inv = sourceAffine.Linear.Inverse();
        var map = new double[3, 4];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++)
                    sum += inv[r, k] * (targetAffine[k, c] - (c == 3 ? sourceAffine[k, 3] : 0));
                map[r, c] = sum;
            }
        }
        return map;
    }

    /// <summary>Axis-aligned mapping (output index o → source index scale·o + offset per axis): three 1D passes.</summary>
    private static float[] Separable(Volume source, Shape3 shape, double[] scale, double[] offset, Interpolation method)
    {
        var dims = source.Shape.ToArray();
        var data = source.Voxels;
        // Shrinking axes first keeps the intermediate arrays small.
        foreach (int axis in Enumerable.Range(0, 3).OrderBy(d => (double)shape[d] / dims[d]))
        {
            var plan = AxisPlan.Create(dims[axis], shape[axis], scale[axis], offset[axis], method);
            data = SeparablePass.Run(data, dims, axis, plan, method == Interpolation.CubicBSpline);
            dims[axis] = shape[axis];
        }
        return ReferenceEquals(data, source.Voxels) ? (float[])data.Clone() : data;
    }

    /// <summary>Any affine mapping: prefilter once (cubic), then 4x4x4 (or 2x2x2, 1) taps per output voxel.</summary>
    private static float[] General(Volume source, Shape3 shape, double[,] map, Interpolation method)
    {
        var dims = source.Shape.ToArray();
        var coeff = source.Voxels;
        if (method == Interpolation.CubicBSpline)
            for (int axis = 0; axis < 3; axis++)
                coeff = SeparablePass.Run(coeff, dims, axis, AxisPlan.Identity(dims[axis]), prefilter: true);

        int taps = AxisPlan.TapCount(method);
        var src = source.Shape;
        var output = new float[shape.Count];
        Parallel.For(0, shape.Z, k =>
        {
            Span<int> ix = stackalloc int[4], iy = stackalloc int[4], iz = stackalloc int[4];
            Span<double> wx = stackalloc double[4], wy = stackalloc double[4], wz = stackalloc double[4];
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    double x = map[0, 0] * i + map[0, 1] * j + map[0, 2] * k + map[0, 3];
                    double y = map[1, 0] * i + map[1, 1] * j + map[1, 2] * k + map[1, 3];
                    double z = map[2, 0] * i + map[2, 1] * j + map[2, 2] * k + map[2, 3];
                    if (!MirrorBoundary.Inside(x, src.X) || !MirrorBoundary.Inside(y, src.Y) || !MirrorBoundary.Inside(z, src.Z)) continue;
                    AxisPlan.TapsAt(x, src.X, method, ix, wx);
                    AxisPlan.TapsAt(y, src.Y, method, iy, wy);
                    AxisPlan.TapsAt(z, src.Z, method, iz, wz);
                    double sum = 0;
                    for (int c = 0; c < taps; c++)
                        for (int b = 0; b < taps; b++)
                        {
                            long rowBase = (long)src.X * (iy[b] + (long)src.Y * iz[c]);
                            double wyz = wy[b] * wz[c];
                            for (int a = 0; a < taps; a++) sum += wx[a] * wyz * coeff[rowBase + ix[a]];
                        }
                    output[shape.Index(i, j, k)] = (float)sum;
                }
        });
        return output;
    }
}
