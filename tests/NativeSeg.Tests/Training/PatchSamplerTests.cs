using NativeSeg.Imaging.Geometry;
using NativeSeg.Data;
using NativeSeg.Training;

namespace NativeSeg.Tests.Training;

public class PatchSamplerTests
{
    private static TrainingCase Case(Shape3 shape, params long[] foreground)
    {
        var label = new byte[shape.Count];
        foreach (var f in foreground) label[f] = 1;
        var image = Enumerable.Range(0, (int)shape.Count).Select(n => (float)n + 1).ToArray();
        return new TrainingCase("c", "all", shape, Spacing.Isotropic(1), image, label);
    }

    [Fact]
    public void ForegroundShareIsRespectedAndCentredPatchesHoldTheLesion()
    {
        var shape = new Shape3(40, 40, 40);
        var c = Case(shape, shape.Index(30, 5, 20));
        var sampler = new PatchSampler([c], new Shape3(8, 8, 8), new SeededRandom(1), 1.0 / 3);
        int withLesion = Enumerable.Range(0, 3000).Count(_ => sampler.Next().Label.Any(v => v > 0));
        // centred draws always hold it (1/3); random 8^3 windows of 33^3 positions rarely do (~1.4 %)
        Assert.InRange(withLesion / 3000.0, 0.30, 0.37);
    }

    [Fact]
    public void SmallVolumesArePaddedWithZerosOrKeptAtTheirSize()
    {
        var c = Case(new Shape3(6, 5, 3));
        var padded = new PatchSampler([c], new Shape3(8, 8, 8), new SeededRandom(2)).Next();
        Assert.Equal(new Shape3(8, 8, 8), padded.Shape);
        Assert.Equal(c.Image.Sum(), padded.Image.Sum());
        Assert.Equal(0f, padded.Image[padded.Shape.Index(7, 7, 7)]);
        var clipped = new PatchSampler([c], new Shape3(8, 4, 8), new SeededRandom(2)) { PadToPatch = false }.Next();
        Assert.Equal(new Shape3(6, 4, 3), clipped.Shape);
    }

    [Fact]
    public void SameSeedSameSequenceAndSavedStateContinuesIt()
    {
        var a = new SeededRandom(9);
        for (int i = 0; i < 10; i++) a.NextULong();
        var copy = new SeededRandom(0) { State = a.State };
        for (int i = 0; i < 5; i++) Assert.Equal(a.NextULong(), copy.NextULong());
        Assert.Equal(new SeededRandom(9).NextULong(), new SeededRandom(9).NextULong());
        Assert.NotEqual(new SeededRandom(9).NextULong(), new SeededRandom(10).NextULong());
        var mean = Enumerable.Range(0, 20000).Select(_ => a.NextDouble()).Average();
        Assert.InRange(mean, 0.49, 0.51);
    }

    [Fact]
    public void ClustersGroupSpacingsWithinTolerance()
    {
        var clusters = SpacingClusters.Group([
            ("a", Spacing.Isotropic(1), "axial"), ("b", new Spacing(1.03, 1, 0.98), "axial"),
            ("c", new Spacing(0.45, 0.45, 5), "coronal"), ("d", new Spacing(0.5, 0.5, 5), "sagittal"),
        ]);
        Assert.Equal(3, clusters.Count);
        Assert.Equal(["a", "b"], clusters[0].Cases);
        Assert.Equal(["c"], clusters[1].Cases);
    }
}
