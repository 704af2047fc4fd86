using NativeSeg.Imaging.Geometry;
using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>
/// Derives the compact <see cref="AnatomyModel"/> from the Colin27 T1 template `ch2better.nii.gz`
/// (0.5 mm, brain only, CSF = 0) following docs/design/phantom.md §2: intracranial mask by closing and hole filling,
/// tissue peaks from the histogram, 1 mm region maps (ventricles = largest CSF component, distances to
/// ventricles and cortex, an AAL-free infratentorial rule), cropped to the intracranial box + 2 mm.
/// </summary>
public static class AnatomyBuilder
{
    public const string Notice =
        "Derived from the Colin27 T1 template (ch2better.nii.gz) of MRIcron / Debian mricron-data. " +
        "MRIcron: Copyright 2006-2010 Chris Rorden, BSD-3-clause. " +
        "Colin27: Holmes CJ et al. (1998) J Comput Assist Tomogr 22:324-333; Copyright (C) 1993-2004 Louis Collins, " +
        "McConnell Brain Imaging Centre, Montreal Neurological Institute, McGill University. Permission to use, copy, " +
        "modify, and distribute this software and its documentation for any purpose and without fee is hereby granted, " +
        "provided that the above copyright notice appear in all copies. The authors and McGill University make no " +
        "representations about the suitability of this software for any purpose. It is provided \"as is\" without " +
        "express or implied warranty.";

    // Infratentorial rule (docs/design/phantom.md §2.5): top (z) and half-width (|x|) of the posterior fossa per band of y, in
    // template mm. Public geometry (99th percentiles of the cerebellum's extent), not atlas data.
    private static readonly double[] BandY = { -95, -92.5, -87.5, -82.5, -77.5, -72.5, -67.5, -62.5, -57.5, -52.5, -47.5, -42.5, -37.5, -32.5, -27.5, -22.5, -20 };
    private static readonly double[] BandTop = { -22, -20.2, -17.2, -14.2, -13.2, -10.2, -7.2, -3.2, 0.8, 3.8, 3.8, 1.8, -2.2, -5.2, -14.2, -21.2, -24 };
    private static readonly double[] BandHalfWidth = { 20, 22.8, 35.2, 42.8, 46.8, 50.2, 53.2, 54.8, 55.8, 55.2, 54.2, 52.8, 48.8, 42.2, 38.2, 33.2, 30 };

    /// <summary>
    /// Builds the model from a T1 volume on an axis-aligned RAS 0.5 mm grid (ch2better or a crop of it).
    /// <paramref name="peaks"/> overrides the histogram peaks (a small crop's histogram lacks the cortex).
    /// </summary>
    public static AnatomyModel Build(Volume t1, IReadOnlyDictionary<string, string> provenance, (double Grey, double White)? peaks = null)
    {
        RequireRasHalfMillimetre(t1);
        var fine = t1.Shape;
        var fineOrigin = new Vec3(t1.Affine[0, 3], t1.Affine[1, 3], t1.Affine[2, 3]);
        var t = new byte[fine.Count];
        for (long n = 0; n < t.Length; n++) t[n] = (byte)Math.Clamp(Math.Round(t1.Voxels[n]), 0, 255);

        var coarse = new Shape3(fine.X / 2, fine.Y / 2, fine.Z / 2);
        if (coarse.X < 4 || coarse.Y < 4 || coarse.Z < 4) throw new UserInputException($"template {fine} is too small (need at least 8 voxels per axis)");
        var coarseOrigin = fineOrigin + new Vec3(0.25, 0.25, 0.25);
        var icvFine = IntracranialMask(t, fine, coarse);
        var (grey, white) = peaks ?? TissuePeaks(t);
        var model0 = new AnatomyModel
        {
            FineShape = fine, FineOrigin = fineOrigin, Tissue = t, CoarseShape = coarse, CoarseOrigin = coarseOrigin,
            Flags = new byte[coarse.Count], VentricleDistance = new byte[coarse.Count], CortexDistance = new byte[coarse.Count],
            GreyPeak = grey, WhitePeak = white, Provenance = provenance,
        };

        // Block means over 2x2x2 fine voxels (docs/design/phantom.md §2.5).
        var csf1 = new bool[coarse.Count];
        var icv1 = new bool[coarse.Count];
        var wm1 = new bool[coarse.Count];
        for (int k = 0; k < coarse.Z; k++)
            for (int j = 0; j < coarse.Y; j++)
                for (int i = 0; i < coarse.X; i++)
                {
                    double csf = 0, icv = 0, wm = 0;
                    for (int c = 0; c < 8; c++)
                    {
                        long f = fine.Index(2 * i + (c & 1), 2 * j + ((c >> 1) & 1), 2 * k + (c >> 2));
                        if (icvFine[f]) { icv++; if (t[f] == 0) csf++; }
                        if (t[f] > 0) wm += model0.Fractions(t[f]).White;
                    }
                    long n = coarse.Index(i, j, k);
                    csf1[n] = csf > 4; icv1[n] = icv > 4; wm1[n] = wm > 4;
                }

        var vent = Ventricles(BinaryMorphology.Open(csf1, coarse, 1), icv1, coarse);
        vent = BinaryMorphology.Dilate(vent, coarse, 1).Zip(csf1, (v, c) => v && c).ToArray();
        var cortex = new bool[coarse.Count];
        for (long n = 0; n < cortex.Length; n++) cortex[n] = !wm1[n] && icv1[n] && !vent[n];
        var dvent = Distances(vent, coarse);
        var dcort = Distances(cortex, coarse);

        var flags = new byte[coarse.Count];
        for (int k = 0; k < coarse.Z; k++)
            for (int j = 0; j < coarse.Y; j++)
                for (int i = 0; i < coarse.X; i++)
                {
                    long n = coarse.Index(i, j, k);
                    var p = coarseOrigin + new Vec3(i, j, k);
                    var r = AnatomyModel.Region.None;
                    if (icv1[n]) r |= AnatomyModel.Region.Intracranial;
                    if (wm1[n]) r |= AnatomyModel.Region.WhiteMatter;
                    if (vent[n]) r |= AnatomyModel.Region.Ventricle;
                    if (csf1[n]) r |= AnatomyModel.Region.Csf;
                    if (icv1[n] && IsInfratentorial(p)) r |= AnatomyModel.Region.Infratentorial;
                    flags[n] = (byte)r;
                }

        var tissue = new byte[fine.Count];
        for (long n = 0; n < tissue.Length; n++) tissue[n] = t[n] > 1 ? t[n] : icvFine[n] ? (byte)1 : (byte)0;
        var full = new AnatomyModel
        {
            FineShape = fine, FineOrigin = fineOrigin, Tissue = tissue, CoarseShape = coarse, CoarseOrigin = coarseOrigin,
            Flags = flags, VentricleDistance = dvent, CortexDistance = dcort, GreyPeak = grey, WhitePeak = white,
            Provenance = provenance,
        };
        return Crop(full, margin: 2);
    }

    /// <summary>
    /// The ventricular system among the CSF components: the design's "largest component" picks the
    /// interhemispheric fissure and cisterns on ch2better (they are larger and, after opening, separate from
    /// the ventricles), so components are ranked by how deep they lie instead: a component is kept when most
    /// of it is farther than <see cref="VentricleDepth"/> from the intracranial surface. The deepest large
    /// component is always kept (lateral ventricles; third ventricle when connected).
    /// </summary>
    private static bool[] Ventricles(bool[] csf, bool[] icv, Shape3 shape)
    {
        var (labels, count) = ConnectedComponents.Label6(csf, shape);
        var depth = DistanceTransform.SquaredEdt(icv.Select(v => !v).ToArray(), shape, Spacing.Isotropic(1));
        var size = new long[count + 1];
        var deep = new long[count + 1];
        for (long n = 0; n < labels.Length; n++)
        {
            if (labels[n] == 0) continue;
            size[labels[n]]++;
            if (depth[n] > VentricleDepth * VentricleDepth) deep[labels[n]]++;
        }
        var keep = new bool[count + 1];
        int best = 0;
        for (int l = 1; l <= count; l++)
        {
            if (deep[l] > deep[best]) best = l;
            keep[l] = size[l] >= 200 && deep[l] > 0.5 * size[l];
        }
        if (best > 0) keep[best] = true;
        return labels.Select(l => keep[l]).ToArray();
    }

    /// <summary>Minimum depth (mm from the intracranial surface) of most of a ventricle component.</summary>
    public const double VentricleDepth = 25;

    /// <summary>Design §2.2: max-pool to 1 mm, pad 8, close with a 5 mm ball, fill holes in 3D then in 2D along each axis, upsample, OR the tissue.</summary>
    private static bool[] IntracranialMask(byte[] t, Shape3 fine, Shape3 coarse)
    {
        var pooled = new bool[coarse.Count];
        for (int k = 0; k < coarse.Z; k++)
            for (int j = 0; j < coarse.Y; j++)
                for (int i = 0; i < coarse.X; i++)
                {
                    bool any = false;
                    for (int c = 0; c < 8 && !any; c++) any = t[fine.Index(2 * i + (c & 1), 2 * j + ((c >> 1) & 1), 2 * k + (c >> 2))] > 0;
                    pooled[coarse.Index(i, j, k)] = any;
                }
        const int pad = 8;
        var padded = BinaryMorphology.Pad(pooled, coarse, pad, out var paddedShape);
        var closed = BinaryMorphology.Unpad(BinaryMorphology.Close(padded, paddedShape, 5), paddedShape, pad, coarse);
        var filled = BinaryMorphology.FillHoles(closed, coarse);
        for (int axis = 0; axis < 3; axis++) filled = BinaryMorphology.FillHolesSlices(filled, coarse, axis);
        var icv = new bool[fine.Count];
        for (int k = 0; k < fine.Z; k++)
            for (int j = 0; j < fine.Y; j++)
                for (int i = 0; i < fine.X; i++)
                {
                    long n = fine.Index(i, j, k);
                    bool inCoarse = i / 2 < coarse.X && j / 2 < coarse.Y && k / 2 < coarse.Z && filled[coarse.Index(i / 2, j / 2, k / 2)];
                    icv[n] = inCoarse || t[n] > 0;
                }
        return icv;
    }

    /// <summary>Design §2.3: Gaussian-smoothed (σ = 2 bins) histogram of tissue values; GM peak in [60,100), WM in [100,130).</summary>
    public static (double Grey, double White) TissuePeaks(byte[] t)
    {
        var hist = new double[256];
        foreach (var v in t) if (v > 1) hist[v]++;
        var smooth = new double[256];
        for (int b = 0; b < 256; b++)
            for (int d = -8; d <= 8; d++)
                if (b + d is >= 0 and < 256) smooth[b] += hist[b + d] * Math.Exp(-d * d / 8.0);
        int ArgMax(int lo, int hi) { int best = lo; for (int b = lo; b < hi; b++) if (smooth[b] > smooth[best]) best = b; return best; }
        return (ArgMax(60, 100), ArgMax(100, 130));
    }

    private static byte[] Distances(bool[] feature, Shape3 shape)
    {
        var d2 = DistanceTransform.SquaredEdt(feature, shape, Spacing.Isotropic(1));
        return d2.Select(v => (byte)Math.Min(255, Math.Round(Math.Sqrt(v) / AnatomyModel.DistanceUnit))).ToArray();
    }

    public static bool IsInfratentorial(Vec3 p)
    {
        bool brainstem = Math.Abs(p.X) < 16 && p.Y > -45 && p.Y < -5 && p.Z < -8;
        if (brainstem) return true;
        if (p.Y <= -100 || p.Y >= -20) return false;
        return p.Z < Interpolate(BandTop, p.Y) + 1 && Math.Abs(p.X) < Interpolate(BandHalfWidth, p.Y) + 1;
    }

    private static double Interpolate(double[] values, double y)
    {
        if (y <= BandY[0]) return values[0];
        for (int b = 1; b < BandY.Length; b++)
            if (y <= BandY[b])
            {
                double w = (y - BandY[b - 1]) / (BandY[b] - BandY[b - 1]);
                return values[b - 1] + w * (values[b] - values[b - 1]);
            }
        return values[^1];
    }

    /// <summary>Crops both grids to the intracranial box + margin (coarse voxels), keeping fine voxels aligned in 2x2x2 blocks.</summary>
    private static AnatomyModel Crop(AnatomyModel m, int margin)
    {
        var c = m.CoarseShape;
        int[] lo = { c.X, c.Y, c.Z }, hi = { -1, -1, -1 };
        for (int k = 0; k < c.Z; k++)
            for (int j = 0; j < c.Y; j++)
                for (int i = 0; i < c.X; i++)
                    if (m.Has(c.Index(i, j, k), AnatomyModel.Region.Intracranial))
                    {
                        int[] ijk = { i, j, k };
                        for (int a = 0; a < 3; a++) { lo[a] = Math.Min(lo[a], ijk[a]); hi[a] = Math.Max(hi[a], ijk[a]); }
                    }
        if (hi[0] < 0) throw new InvalidDataException("template has no intracranial voxels");
        for (int a = 0; a < 3; a++) { lo[a] = Math.Max(0, lo[a] - margin); hi[a] = Math.Min(c[a] - 1, hi[a] + margin); }
        var cs = new Shape3(hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1);
        var fs = new Shape3(2 * cs.X, 2 * cs.Y, 2 * cs.Z);
        byte[] CropCoarse(byte[] src)
        {
            var r = new byte[cs.Count];
            for (int k = 0; k < cs.Z; k++)
                for (int j = 0; j < cs.Y; j++)
                    for (int i = 0; i < cs.X; i++)
                        r[cs.Index(i, j, k)] = src[c.Index(i + lo[0], j + lo[1], k + lo[2])];
            return r;
        }
        var tissue = new byte[fs.Count];
        for (int k = 0; k < fs.Z; k++)
            for (int j = 0; j < fs.Y; j++)
                for (int i = 0; i < fs.X; i++)
                    tissue[fs.Index(i, j, k)] = m.Tissue[m.FineShape.Index(i + 2 * lo[0], j + 2 * lo[1], k + 2 * lo[2])];
        return new AnatomyModel
        {
            FineShape = fs, FineOrigin = m.FineOrigin + new Vec3(lo[0], lo[1], lo[2]) * AnatomyModel.CoarseStep, Tissue = tissue,
            CoarseShape = cs, CoarseOrigin = m.CoarseOrigin + new Vec3(lo[0], lo[1], lo[2]) * AnatomyModel.CoarseStep,
            Flags = CropCoarse(m.Flags), VentricleDistance = CropCoarse(m.VentricleDistance), CortexDistance = CropCoarse(m.CortexDistance),
            GreyPeak = m.GreyPeak, WhitePeak = m.WhitePeak, Provenance = m.Provenance,
        };
    }

    private static void RequireRasHalfMillimetre(Volume t1)
    {
        for (int r = 0; r < 3; r++)
            for (int col = 0; col < 3; col++)
            {
                double expected = r == col ? AnatomyModel.FineStep : 0;
                if (Math.Abs(t1.Affine[r, col] - expected) > 1e-3)
                    throw new UserInputException(
                        $"template affine must be RAS, axis-aligned, 0.5 mm (ch2better.nii.gz); got column {col} = " +
                        string.Create(CultureInfo.InvariantCulture, $"({t1.Affine[0, col]:0.###}, {t1.Affine[1, col]:0.###}, {t1.Affine[2, col]:0.###})"));
            }
    }
}
