using NativeSeg.Imaging.Geometry;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

public class SlidingWindowTests
{
    [Theory]
    [InlineData(182, 120, new[] { 0, 31, 62 })]   // ceil(62/60)+1 = 3 patches, step 31
    [InlineData(218, 120, new[] { 0, 49, 98 })]   // ceil(98/60)+1 = 3, step 49
    [InlineData(120, 120, new[] { 0 })]
    [InlineData(121, 120, new[] { 0, 1 })]
    [InlineData(40, 16, new[] { 0, 8, 16, 24 })]  // (40-16)/8 = 3 steps exactly
    public void Starts_match_nnunet_steps(int size, int patch, int[] expected) =>
        Assert.Equal(expected, SlidingWindow.Starts(size, patch));

    [Theory]
    [InlineData(37, 23, 9, 16)]
    [InlineData(182, 218, 182, 120)]
    [InlineData(64, 64, 64, 64)]
    [InlineData(5, 40, 100, 24)]
    public void Tiles_cover_every_voxel_with_steps_of_at_most_half_a_patch(int x, int y, int z, int patch)
    {
        var volume = new Shape3(x, y, z);
        var window = new SlidingWindow(volume, new Shape3(patch, patch, patch));
        for (int axis = 0; axis < 3; axis++)
        {
            int p = window.Patch[axis];
            Assert.Equal(Math.Min(patch, volume[axis]), p);
            var starts = window.Tiles.Select(t => t[axis]).Distinct().Order().ToArray();
            Assert.Equal(0, starts[0]);
            Assert.Equal(volume[axis] - p, starts[^1]); // last patch flush with the end
            for (int s = 1; s < starts.Length; s++)
            {
                Assert.InRange(starts[s] - starts[s - 1], 1, (int)Math.Ceiling(0.5 * p));
            }
        }
        // Every voxel lies in at least one tile, every tile inside the volume (voxel by voxel for small volumes;
        // the tiles are a Cartesian product, checked below, so axis-wise coverage is enough for large ones).
        foreach (var t in window.Tiles)
            for (int axis = 0; axis < 3; axis++) Assert.InRange(t[axis] + window.Patch[axis], 1, volume[axis]);
        for (int axis = 0; axis < 3; axis++)
        {
            var covered = new bool[volume[axis]];
            foreach (var t in window.Tiles)
                for (int i = t[axis]; i < t[axis] + window.Patch[axis]; i++) covered[i] = true;
            Assert.DoesNotContain(false, covered);
        }
        var hits = new int[volume.Count <= 200_000 ? volume.Count : 0];
        foreach (var t in window.Tiles.Where(_ => hits.Length > 0))
        {
            for (int k = t.Z; k < t.Z + window.Patch.Z; k++)
                for (int j = t.Y; j < t.Y + window.Patch.Y; j++)
                    for (int i = t.X; i < t.X + window.Patch.X; i++)
                        hits[volume.Index(i, j, k)]++;
        }
        Assert.DoesNotContain(0, hits);
        int perAxis(int a) => window.Tiles.Select(t => t[a]).Distinct().Count();
        Assert.Equal(perAxis(0) * perAxis(1) * perAxis(2), window.Tiles.Count);
    }

    [Fact]
    public void Patch_is_clipped_to_a_smaller_volume()
    {
        var window = new SlidingWindow(new Shape3(10, 50, 7), new Shape3(16, 16, 16));
        Assert.Equal(new Shape3(10, 16, 7), window.Patch);
        Assert.All(window.Tiles, t => Assert.Equal(0, t.X));
        Assert.Equal(SlidingWindow.Starts(50, 16).Length, window.Tiles.Count);
    }
}
