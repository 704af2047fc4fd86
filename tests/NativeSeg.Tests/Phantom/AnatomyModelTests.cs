using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;
using NativeSeg.Phantom;

namespace NativeSeg.Tests.Phantom;

public class AnatomyModelTests
{
    private static readonly AnatomyModel Model = AnatomyFile.Default;

    [Fact]
    public void ShippedModelHasTheExpectedTissueClassesAndVolumes()
    {
        Assert.Equal(86, Model.GreyPeak);
        Assert.Equal(113, Model.WhitePeak);
        Assert.Equal(2 * Model.CoarseShape.X, Model.FineShape.X);
        var codes = new long[256];
        foreach (var t in Model.Tissue) codes[t]++;
        Assert.True(codes[0] > 0 && codes[1] > 0, "outside and CSF codes present");
        Assert.Equal(0, codes.Skip(2).Take(49).Sum());          // nothing between CSF and the darkest tissue (51)
        Assert.Equal(0, codes.Skip(131).Sum());                 // nothing above the brightest tissue (130)
        double tissueMl = codes.Skip(51).Sum() * 0.125 / 1000;  // fine voxels are 0.125 mm³
        Assert.InRange(tissueMl, 1550, 1700);                   // design: 1.63 L of tissue

        double Ml(AnatomyModel.Region r) => Model.Count(r) / 1000.0;
        Assert.InRange(Ml(AnatomyModel.Region.Intracranial), 1700, 1900);  // design: 1.80 L
        Assert.InRange(Ml(AnatomyModel.Region.Ventricle), 15, 30);         // design: 21.3 mL (lateral + third)
        Assert.InRange(Ml(AnatomyModel.Region.WhiteMatter), 450, 750);
        Assert.True(Ml(AnatomyModel.Region.Infratentorial) > 100);

        // Ventricles are central and deep; the cerebellum rule sits below and behind them.
        var v = Model.Centroid(AnatomyModel.Region.Ventricle);
        Assert.InRange(v.X, -5, 5);
        Assert.InRange(v.Y, -25, 5);
        Assert.InRange(v.Z, 5, 30);
        var it = Model.Centroid(AnatomyModel.Region.Infratentorial);
        Assert.True(it.Z < v.Z - 20 && it.Y < v.Y - 20, $"infratentorial centroid {it}");
        Assert.Contains("source_sha256", Model.Provenance.Keys);
        Assert.Contains("Louis Collins", Model.Provenance["notice"]);
    }

    [Fact]
    public void HistogramPeaksOfTheShippedTissueAreGreyAndWhiteMatter() =>
        Assert.Equal((86.0, 113.0), AnatomyBuilder.TissuePeaks(Model.Tissue));

    [Fact]
    public void VentricleDistanceIsZeroInsideVentriclesAndGrowsAway()
    {
        var s = Model.CoarseShape;
        for (long n = 0; n < s.Count; n += 97)
            if (Model.Has(n, AnatomyModel.Region.Ventricle)) Assert.Equal(0, Model.VentricleDistance[n]);
        var c = Model.Centroid(AnatomyModel.Region.Ventricle);
        Assert.True(Model.VentricleDistance.Max() > 150); // > 37 mm somewhere (cortex is far from the ventricles)
    }

    /// <summary>
    /// The derivation (design §2) run on a small crop rebuilt from the shipped tissue codes (CSF back to 0, as in
    /// ch2better) finds the same peaks and white matter, and its ventricles lie inside the shipped ones.
    /// </summary>
    [Fact]
    public void DerivationOnACropReproducesTheShippedMaps()
    {
        var vc = Model.Centroid(AnatomyModel.Region.Ventricle);
        var min = vc - new Vec3(36, 40, 30);
        var max = vc + new Vec3(36, 40, 30);
        var t1 = ShippedAsTemplate(min, max);
        var derived = AnatomyBuilder.Build(t1, new Dictionary<string, string> { ["source"] = "crop" }, (Model.GreyPeak, Model.WhitePeak));

        long wmSame = 0, wmAny = 0, ventIn = 0, vent = 0;
        var ds = derived.CoarseShape;
        for (int k = 0; k < ds.Z; k++)
            for (int j = 0; j < ds.Y; j++)
                for (int i = 0; i < ds.X; i++)
                {
                    var p = derived.CoarseCentre(i, j, k);
                    long m = CoarseIndexOf(p);
                    bool a = derived.Has(ds.Index(i, j, k), AnatomyModel.Region.WhiteMatter), b = Model.Has(m, AnatomyModel.Region.WhiteMatter);
                    if (a || b) { wmAny++; if (a && b) wmSame++; }
                    if (derived.Has(ds.Index(i, j, k), AnatomyModel.Region.Ventricle))
                    {
                        vent++;
                        if (Model.Has(m, AnatomyModel.Region.Ventricle)) ventIn++;
                    }
                }
        Assert.True(wmSame > 0.99 * wmAny, $"white matter agreement {wmSame}/{wmAny}");
        Assert.True(vent > 5000, $"ventricles found in the crop: {vent} mm³");
        Assert.True(ventIn > 0.95 * vent, $"{ventIn}/{vent} derived ventricle voxels are shipped ventricle voxels");
    }

    [Fact]
    public void AnatomyFileRoundTripsAndRejectsGarbage()
    {
        using var tmp = new TempFolder();
        var vc = Model.Centroid(AnatomyModel.Region.Ventricle);
        var small = AnatomyBuilder.Build(ShippedAsTemplate(vc - new Vec3(10, 10, 10), vc + new Vec3(10, 10, 10)), new Dictionary<string, string> { ["k"] = "v" });
        string path = tmp.File("m.bin.br");
        AnatomyFile.Write(small, path, quality: 1);
        var back = AnatomyFile.Read(path);
        Assert.Equal(small.FineShape, back.FineShape);
        Assert.Equal(small.Tissue, back.Tissue);
        Assert.Equal(small.Flags, back.Flags);
        Assert.Equal(small.CortexDistance, back.CortexDistance);
        Assert.Equal(small.CoarseOrigin, back.CoarseOrigin);
        Assert.Equal("v", back.Provenance["k"]);
        File.WriteAllBytes(tmp.File("bad.bin.br"), new byte[] { 1, 2, 3, 4, 5 });
        Assert.ThrowsAny<Exception>(() => AnatomyFile.Read(tmp.File("bad.bin.br")));
    }

    internal static long CoarseIndexOf(Vec3 p)
    {
        var q = (p - Model.CoarseOrigin) / AnatomyModel.CoarseStep;
        return Model.CoarseShape.Index((int)Math.Round(q.X), (int)Math.Round(q.Y), (int)Math.Round(q.Z));
    }

    /// <summary>A ch2better-like 0.5 mm volume from the shipped tissue codes inside a world box (CSF = 0).</summary>
    internal static Volume ShippedAsTemplate(Vec3 min, Vec3 max)
    {
        var o = Model.FineOrigin;
        int[] lo = new int[3], n = new int[3];
        for (int a = 0; a < 3; a++)
        {
            lo[a] = 2 * (int)Math.Round((min[a] - o[a]) / 1.0);
            n[a] = 2 * (int)Math.Round((max[a] - min[a]) / 1.0);
        }
        var s = new Shape3(n[0], n[1], n[2]);
        var v = new float[s.Count];
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                {
                    byte t = Model.Tissue[Model.FineShape.Index(i + lo[0], j + lo[1], k + lo[2])];
                    v[s.Index(i, j, k)] = t > 1 ? t : 0;
                }
        var affine = new Affine(new[] { 0.5, 0, 0, o.X + 0.5 * lo[0], 0, 0.5, 0, o.Y + 0.5 * lo[1], 0, 0, 0.5, o.Z + 0.5 * lo[2], 0, 0, 0, 1 });
        return new Volume(s, v, Spacing.Isotropic(0.5), affine);
    }
}
