using System.Collections.Concurrent;

namespace NativeSeg.Phantom;

/// <summary>
/// Partial-volume lesion truth on a grid (design §6): f = fraction of each voxel's footprint (s₁ × s₂ × T, the
/// thickness, so gaps are excluded) where o(y) = 1, by the midpoint rule with max(3, ceil(foot/0.2 mm))
/// sub-samples per axis; truth = f ≥ 0.5. Only voxels near a lesion are visited, and only those near a
/// boundary are sub-sampled: a voxel whose centre is far outside every lesion (by the ρ margin) gets 0; one far
/// inside a lesion gets 0 or 1 when 27 probes agree on the tissue test. The PSF plays no part: this is what a
/// perfect rater would paint. Uses the same pull-back field as the image (the smooth map interpolated from 2 mm nodes; its error is far below the sub-sample step), so every grid sees the same continuous lesions.
/// </summary>
public static class TruthRasterizer
{
    public const double SubSample = 0.2;

    public static float[] Fractions(PhantomSubject subject, GridGeometry grid, double thickness, IReadOnlyList<FramedLesion> lesions, DeformationField field)
    {
        var shape = grid.Shape;
        var s = grid.Spacing;
        double[] half = { s.X / 2, s.Y / 2, thickness / 2 };
        var candidates = new HashSet<long>();
        foreach (var l in lesions)
        {
            int[] lo = new int[3], hi = new int[3];
            for (int a = 0; a < 3; a++)
            {
                lo[a] = Math.Max(0, (int)Math.Floor((l.Centre[a] - l.Radius - half[a] - grid.Origin[a]) / s[a]));
                hi[a] = Math.Min(shape[a] - 1, (int)Math.Ceiling((l.Centre[a] + l.Radius + half[a] - grid.Origin[a]) / s[a]));
            }
            for (int k = lo[2]; k <= hi[2]; k++)
                for (int j = lo[1]; j <= hi[1]; j++)
                    for (int i = lo[0]; i <= hi[0]; i++)
                        candidates.Add(shape.Index(i, j, k));
        }
        var order = candidates.ToArray();
        Array.Sort(order);
        var f = new float[shape.Count];
        int[] counts = { SamplesPerAxis(s.X), SamplesPerAxis(s.Y), SamplesPerAxis(thickness) };
        // Template-space half diagonal: the pull-back can stretch subject distances by up to ~1/0.85.
        double halfDiagonal = Math.Sqrt(half[0] * half[0] + half[1] * half[1] + half[2] * half[2]) / 0.85 + 0.05;
        Parallel.ForEach(Partitioner.Create(0, order.Length, 256), range =>
        {
            var near = new List<Lesion>();
            for (int c = range.Item1; c < range.Item2; c++)
            {
                long n = order[c];
                int i = (int)(n % shape.X), j = (int)(n / shape.X % shape.Y), k = (int)(n / ((long)shape.X * shape.Y));
                var q = new Vec3(grid.Centre(0, i), grid.Centre(1, j), grid.Centre(2, k));
                near.Clear();
                foreach (var l in lesions)
                    if (Math.Abs(q.X - l.Centre.X) <= l.Radius + half[0] && Math.Abs(q.Y - l.Centre.Y) <= l.Radius + half[1]
                        && Math.Abs(q.Z - l.Centre.Z) <= l.Radius + half[2]) near.Add(l.Lesion);
                if (near.Count == 0) continue;
                f[n] = (float)VoxelFraction(subject, field, q, half, counts, near, halfDiagonal);
            }
        });
        return f;
    }

    private static int SamplesPerAxis(double footprint) => Math.Max(3, (int)Math.Ceiling(footprint / SubSample));

    private static double VoxelFraction(PhantomSubject subject, DeformationField field, Vec3 q, double[] half, int[] counts, List<Lesion> near, double halfDiagonal)
    {
        var lesions = near.ToArray().AsSpan();
        var yc = field.At(q);
        bool allFarOutside = true, anyDeepInside = false;
        foreach (var l in lesions)
        {
            double rho = l.Rho(yc);
            double scale = l.MinScale;
            if ((rho - 1) * scale <= halfDiagonal) allFarOutside = false;
            if ((1 - rho) * scale > halfDiagonal) anyDeepInside = true;
        }
        if (allFarOutside) return 0;
        if (anyDeepInside)
        {
            // Geometrically inside; only the tissue test (P ≥ 0.5, icv ≥ 0.5) can vary across the voxel.
            int inside = 0;
            for (int c = 0; c < 27; c++)
            {
                var p = Sample(q, half, c % 3, c / 3 % 3, c / 9, 3, 3, 3);
                if (subject.Signal.Occupancy(field.At(p), lesions).Inside) inside++;
            }
            if (inside == 27) return 1;
            if (inside == 0) return 0;
        }
        int hits = 0, total = counts[0] * counts[1] * counts[2];
        for (int c = 0; c < counts[2]; c++)
            for (int b = 0; b < counts[1]; b++)
                for (int a = 0; a < counts[0]; a++)
                {
                    var p = Sample(q, half, a, b, c, counts[0], counts[1], counts[2]);
                    if (subject.Signal.Occupancy(field.At(p), lesions).Inside) hits++;
                }
        return (double)hits / total;
    }

    /// <summary>Midpoint of sub-cell (a, b, c) of an n₁×n₂×n₃ split of the footprint around q.</summary>
    private static Vec3 Sample(Vec3 q, double[] half, int a, int b, int c, int n1, int n2, int n3) => new(
        q.X - half[0] + (a + 0.5) * 2 * half[0] / n1,
        q.Y - half[1] + (b + 0.5) * 2 * half[1] / n2,
        q.Z - half[2] + (c + 0.5) * 2 * half[2] / n3);
}
