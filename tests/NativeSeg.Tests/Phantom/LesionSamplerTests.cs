using NativeSeg.Phantom;

namespace NativeSeg.Tests.Phantom;

/// <summary>
/// The lesion size model against the published survey it is fitted to (Wang et al. 1997, JNNP 63:452): about 20 % of
/// MS lesions below 10 mm² in-slice area (equivalent diameter 3.5 mm) and 80 % below 80 mm² (10.1 mm); and the
/// count mix of Pongratz et al. 2023 (subcortical lesions the most frequent).
/// </summary>
public class LesionSamplerTests
{
    [Fact]
    public void DiametersFollowThePublishedSizeSurvey()
    {
        var rng = new PhantomRandom(7);
        var diameters = Enumerable.Range(0, 20000).Select(_ => LesionSampler.Diameter(LesionSampler.DrawType(rng), rng)).ToArray();
        double small = diameters.Count(d => d < 3.5) / (double)diameters.Length;
        double belowTen = diameters.Count(d => d < 10.1) / (double)diameters.Length;
        Assert.InRange(small, 0.16, 0.25);
        Assert.InRange(belowTen, 0.75, 0.85);
        Assert.All(diameters, d => Assert.InRange(d, LesionSampler.MinDiameter, 25));
        // Truncation by redrawing: no pile-up at the lower bound.
        Assert.InRange(diameters.Count(d => d < LesionSampler.MinDiameter + 0.1) / (double)diameters.Length, 0, 0.02);
    }

    [Fact]
    public void SubcorticalLesionsAreTheMostFrequentAndPeriventricularTheLargest()
    {
        var rng = new PhantomRandom(8);
        var types = Enumerable.Range(0, 20000).Select(_ => LesionSampler.DrawType(rng)).ToArray();
        var counts = Enum.GetValues<LesionType>().ToDictionary(t => t, t => types.Count(x => x == t));
        Assert.Equal(LesionType.DeepWhiteMatter, counts.MaxBy(kv => kv.Value).Key);
        double Median(LesionType type) => Enumerable.Range(0, 4001).Select(_ => LesionSampler.Diameter(type, rng)).Order().ElementAt(2000);
        Assert.True(Median(LesionType.Periventricular) > Median(LesionType.DeepWhiteMatter) + 1);
    }
}
