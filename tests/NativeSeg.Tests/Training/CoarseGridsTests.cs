using NativeSeg.Imaging;
using NativeSeg.Training;

namespace NativeSeg.Tests.Training;

public class CoarseGridsTests
{
    private static TrainingCase Ball(Spacing spacing, Shape3 shape)
    {
        var image = new float[shape.Count];
        var label = new byte[shape.Count];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    double x = (i - shape.X / 2.0) * spacing.X, y = (j - shape.Y / 2.0) * spacing.Y, z = (k - shape.Z / 2.0) * spacing.Z;
                    bool inside = x * x + y * y + z * z <= 6 * 6;
                    label[shape.Index(i, j, k)] = (byte)(inside ? 1 : 0);
                    image[shape.Index(i, j, k)] = inside ? 2f : -0.5f;
                }
        return new TrainingCase("ball", "g", shape, spacing, image, label);
    }

    [Fact]
    public void EachCaseGetsOneCopyWhoseFineAxesAreCoarsenedToOneSpacing()
    {
        var fine = Ball(new Spacing(0.5, 0.5, 1), new Shape3(48, 48, 24));       // 24 mm cube
        var thick = Ball(new Spacing(0.45, 0.45, 5), new Shape3(53, 53, 5));
        var coarse = Ball(new Spacing(2, 2, 2), new Shape3(12, 12, 12));          // nothing finer than 2 mm: no copy
        var copies = CoarseGrids.Of([fine, thick, coarse], 2, seed: 3, Preprocessing.Native);
        Assert.Equal(2, copies.Count);
        foreach (var (copy, source) in copies.Zip(new[] { fine, thick }))
        {
            Assert.Equal(copy.Spacing.X, copy.Spacing.Y);
            Assert.InRange(copy.Spacing.X, source.Spacing.X, 2);
            Assert.True(copy.Spacing.Z >= source.Spacing.Z && copy.Spacing.Z >= copy.Spacing.X - 1e-12);
            Assert.StartsWith(source.Name + "@", copy.Name);
            // the same 12 mm ball, on the coarser grid: its volume within the voxel error
            double Volume(TrainingCase c) => c.Label.Count(v => v != 0) * c.Spacing.X * c.Spacing.Y * c.Spacing.Z;
            Assert.InRange(Volume(copy) / Volume(source), 0.6, 1.4);
            Assert.InRange(copy.Image.Max(), 1.5f, 3f);   // a cubic B-spline overshoots a step edge a little
        }
        Assert.Equal(5, copies[1].Spacing.Z);   // the 2D case keeps its slices
        Assert.Equal(copies.Select(c => c.Spacing), CoarseGrids.Of([fine, thick, coarse], 2, seed: 3, Preprocessing.Native).Select(c => c.Spacing));
        Assert.NotEqual(copies.Select(c => c.Spacing), CoarseGrids.Of([fine, thick, coarse], 2, seed: 4, Preprocessing.Native).Select(c => c.Spacing));
    }
}
