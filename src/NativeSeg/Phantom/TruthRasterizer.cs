using NativeSeg.Imaging.Geometry;
using System.Collections.Concurrent;

namespace NativeSeg.Phantom;

/// <summary>
/// Partial-volume lesion truth on a grid (docs/design/phantom.md §6): f = fraction of each voxel's footprint (s₁ × s₂ × T, the
/// thickness, so gaps are excluded) where o(y) = 1, by the midpoint rule with max(3, ceil(foot/0.2 mm))
/// sub-samples per axis; truth = f ≥ 0.5. Only voxels near a lesion are visited, and only those near a
/// boundary are sub-sampled: a voxel whose centre is far outside every lesion (by the ρ margin) gets 0; one far
/// inside a lesion gets 0 or 1 when 27 probes agree on the tissue test. The PSF plays no part: this is what a
/// perfect rater would paint. Uses the same pull-back field as the image (the smooth map interpolated from 2 mm nodes;
/// its error is far below the sub-sample step), so every grid sees the same continuous lesions.
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
                f[n] = (float)VoxelFraction(subject, field, q, half, counts, near);
            }
        });
        return f;
    }

    private static int SamplesPerAxis(double footprint) => Math.Max(3, (int)Math.Ceiling(footprint / SubSample));

    /// <summary>Sub-blocks per axis are at most this long (mm), so thick voxels are culled block by block.</summary>
    private const double BlockLength = 1.0;

    private static double VoxelFraction(PhantomSubject subject, DeformationField field, Vec3 q, double[] half, int[] counts, List<Lesion> near)
    {
        var lesions = near.ToArray();
        int[] blocks = new int[3];
        for (int a = 0; a < 3; a++) blocks[a] = Math.Min(counts[a], Math.Max(1, (int)Math.Ceiling(2 * half[a] / BlockLength)));
        long hits = 0, total = (long)counts[0] * counts[1] * counts[2];
        Span<int> lo = stackalloc int[3];
        Span<int> hi = stackalloc int[3];
        for (int bz = 0; bz < blocks[2]; bz++)
            for (int by = 0; by < blocks[1]; by++)
                for (int bx = 0; bx < blocks[0]; bx++)
                {
                    int[] b = { bx, by, bz };
                    for (int a = 0; a < 3; a++) { lo[a] = counts[a] * b[a] / blocks[a]; hi[a] = counts[a] * (b[a] + 1) / blocks[a]; }
                    hits += BlockHits(subject, field, q, half, counts, lesions, lo, hi);
                }
        return (double)hits / total;
    }

    /// <summary>
    /// Sub-samples inside one block that are lesion: 0 without sampling when the block's centre is far outside every
    /// lesion (ρ margin beyond the block's half diagonal, bumps allowing semi-axes down to 0.6×), all when it is far
    /// inside one and 27 probes agree on the tissue test, else counted one by one.
    /// </summary>
    private static long BlockHits(PhantomSubject subject, DeformationField field, Vec3 q, double[] half, int[] counts, Lesion[] lesions, ReadOnlySpan<int> lo, ReadOnlySpan<int> hi)
    {
        double[] step = { 2 * half[0] / counts[0], 2 * half[1] / counts[1], 2 * half[2] / counts[2] };
        double Pos(int a, double index) => q[a] - half[a] + (index + 0.5) * step[a];
        var centre = new Vec3(Pos(0, (lo[0] + hi[0] - 1) / 2.0), Pos(1, (lo[1] + hi[1] - 1) / 2.0), Pos(2, (lo[2] + hi[2] - 1) / 2.0));
        double hx = (hi[0] - lo[0]) * step[0] / 2, hy = (hi[1] - lo[1]) * step[1] / 2, hz = (hi[2] - lo[2]) * step[2] / 2;
        // Template-space half diagonal: the pull-back can stretch subject distances by up to ~1/0.85.
        double halfDiagonal = Math.Sqrt(hx * hx + hy * hy + hz * hz) / 0.85 + 0.05;
        long n = (long)(hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
        var yc = field.At(centre);
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
            // Geometrically inside; only the tissue test (P ≥ 0.5, icv ≥ 0.5) can vary across the block.
            int inside = 0;
            for (int c = 0; c < 27; c++)
            {
                var p = new Vec3(centre.X + (c % 3 - 1) * hx, centre.Y + (c / 3 % 3 - 1) * hy, centre.Z + (c / 9 - 1) * hz);
                if (subject.Signal.Occupancy(field.At(p), lesions).Inside) inside++;
            }
            if (inside == 27) return n;
            if (inside == 0) return 0;
        }
        long hits = 0;
        for (int c = lo[2]; c < hi[2]; c++)
            for (int b = lo[1]; b < hi[1]; b++)
                for (int a = lo[0]; a < hi[0]; a++)
                    if (subject.Signal.Occupancy(field.At(new Vec3(Pos(0, a), Pos(1, b), Pos(2, c))), lesions).Inside) hits++;
        return hits;
    }
}
