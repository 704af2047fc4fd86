using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// One axis of a target grid whose axes each run along one source axis (a re-acquisition in any of the three planes of
/// an axis-aligned source): target voxel i lies at source sample <see cref="First"/> + i x <see cref="Step"/> along
/// source axis <see cref="SourceAxis"/>.
/// </summary>
public readonly record struct TargetAxis(int SourceAxis, double First, double Step, int Count)
{
    /// <summary>Target voxel spacing in mm.</summary>
    public double Spacing(Spacing source) => Math.Abs(Step) * source[SourceAxis];

    /// <summary>A target grid of <paramref name="spacing"/> and <paramref name="shape"/> centred on the centre of a source of <paramref name="sourceShape"/>, axes in the source's order.</summary>
    public static TargetAxis[] Centred(Shape3 sourceShape, Spacing source, Shape3 shape, Spacing spacing) =>
        [.. Enumerable.Range(0, 3).Select(a =>
        {
            double step = spacing[a] / source[a];
            return new TargetAxis(a, (sourceShape[a] - 1) / 2.0 - (shape[a] - 1) / 2.0 * step, step, shape[a]);
        })];

    /// <summary>
    /// The axes of the grid (<paramref name="target"/>, <paramref name="shape"/>) in the voxel coordinates of <paramref name="source"/>,
    /// when each target axis runs along one source axis (either way); otherwise the grids are oblique to each other.
    /// </summary>
    public static TargetAxis[] Between(Affine source, Affine target, Shape3 shape)
    {
        var toSource = source.Linear.Inverse();
        var m = toSource * target.Linear;
        var t0 = toSource * new Vec3(target[0, 3] - source[0, 3], target[1, 3] - source[1, 3], target[2, 3] - source[2, 3]);
        var axes = new TargetAxis[3];
        for (int a = 0; a < 3; a++)
        {
            var column = m.Column(a);
            int along = Enumerable.Range(0, 3).MaxBy(r => Math.Abs(column[r]));
            for (int r = 0; r < 3; r++)
                if (r != along && Math.Abs(column[r]) > 1e-6 * Math.Abs(column[along]))
                    throw new ArgumentException("the target grid is oblique to the source grid: re-acquisition needs axes that run along the source's");
            axes[a] = new TargetAxis(along, t0[along], column[along], shape[a]);
        }
        if (axes.Select(x => x.SourceAxis).Distinct().Count() != 3)
            throw new ArgumentException("two target axes run along one source axis");
        return axes;
    }
}
