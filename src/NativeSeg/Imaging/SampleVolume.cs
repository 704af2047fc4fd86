using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging;

/// <summary>
/// A smooth synthetic image for demos and tests: a few Gaussian blobs (sizes in millimetres, so the picture
/// is the same object at any spacing) on a faint background, with the field of view centred on the world origin.
/// </summary>
public static class SampleVolume
{
    public static Volume GaussianBlobs(Shape3 shape, Spacing spacing, int seed = 1)
    {
        var affine = CentredAffine(shape, spacing);
        var fov = new[] { shape.X * spacing.X, shape.Y * spacing.Y, shape.Z * spacing.Z };
        var rng = new Random(seed);
        var blobs = Enumerable.Range(0, 4).Select(_ => (
            Centre: fov.Select(f => (rng.NextDouble() - 0.5) * 0.5 * f).ToArray(),
            Sigma: (0.08 + 0.08 * rng.NextDouble()) * fov.Min() + 1.5 * spacing.ToArray().Max(),
            Amplitude: 200 + 800 * rng.NextDouble())).ToArray();

        var voxels = new float[shape.Count];
        Parallel.For(0, shape.Z, k =>
        {
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    var (x, y, z) = affine.Apply(i, j, k);
                    double v = 20;
                    foreach (var b in blobs)
                    {
                        double dx = x - b.Centre[0], dy = y - b.Centre[1], dz = z - b.Centre[2];
                        v += b.Amplitude * Math.Exp(-(dx * dx + dy * dy + dz * dz) / (2 * b.Sigma * b.Sigma));
                    }
                    voxels[shape.Index(i, j, k)] = (float)v;
                }
        });
        return new Volume(shape, voxels, spacing, affine);
    }

    /// <summary>RAS-aligned voxel-to-world matrix whose field-of-view centre is at (0, 0, 0) mm.</summary>
    public static Affine CentredAffine(Shape3 shape, Spacing spacing) => new(new[]
    {
        spacing.X, 0, 0, -0.5 * (shape.X - 1) * spacing.X,
        0, spacing.Y, 0, -0.5 * (shape.Y - 1) * spacing.Y,
        0, 0, spacing.Z, -0.5 * (shape.Z - 1) * spacing.Z,
        0, 0, 0, 1,
    });
}
