using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Phantom;

/// <summary>
/// The compact tissue model every phantom subject is deformed from (docs/design/phantom.md §2), in template world mm (RAS,
/// axis-aligned grids). Fine grid (0.5 mm): <see cref="Tissue"/> codes, 0 = outside the intracranial volume,
/// 1 = CSF inside it, 51..130 = the Colin27 T1 value of brain tissue. Coarse grid (1 mm, aligned so that each
/// coarse voxel is a 2x2x2 block of fine ones): region <see cref="Flags"/> and distances in 0.25 mm steps.
/// </summary>
public sealed class AnatomyModel
{
    public const double FineStep = 0.5;
    public const double CoarseStep = 1.0;
    public const double DistanceUnit = 0.25;

    [Flags]
    public enum Region : byte
    {
        None = 0,
        Intracranial = 1,
        WhiteMatter = 2,
        Ventricle = 4,
        Infratentorial = 8,
        Csf = 16,
    }

    public required Shape3 FineShape { get; init; }
    /// <summary>World position (mm) of fine voxel (0,0,0).</summary>
    public required Vec3 FineOrigin { get; init; }
    public required byte[] Tissue { get; init; }

    public required Shape3 CoarseShape { get; init; }
    /// <summary>World position (mm) of coarse voxel (0,0,0).</summary>
    public required Vec3 CoarseOrigin { get; init; }
    public required byte[] Flags { get; init; }
    /// <summary>Distance to the ventricles in <see cref="DistanceUnit"/> steps (saturates at 255).</summary>
    public required byte[] VentricleDistance { get; init; }
    /// <summary>Distance to cortex (grey matter or sulcal CSF) in <see cref="DistanceUnit"/> steps.</summary>
    public required byte[] CortexDistance { get; init; }

    /// <summary>Histogram peaks of the T1 values: grey matter g and white matter w (docs/design/phantom.md §2.3).</summary>
    public required double GreyPeak { get; init; }
    public required double WhitePeak { get; init; }

    /// <summary>Where the model came from: source file, its SHA-256, the rebuild command, the licence notices.</summary>
    public required IReadOnlyDictionary<string, string> Provenance { get; init; }

    public bool Has(long coarseIndex, Region region) => ((Region)Flags[coarseIndex] & region) == region;

    /// <summary>Tissue fractions (csf, grey, white) of a (possibly interpolated) T1 value t (docs/design/phantom.md §2.4).</summary>
    public (double Csf, double Grey, double White) Fractions(double t)
    {
        if (t >= GreyPeak)
        {
            double fw = Math.Clamp((t - GreyPeak) / (WhitePeak - GreyPeak), 0, 1);
            return (0, 1 - fw, fw);
        }
        double fg = Math.Clamp(t / GreyPeak, 0, 1);
        return (1 - fg, fg, 0);
    }

    /// <summary>Centre (mm) of a coarse voxel.</summary>
    public Vec3 CoarseCentre(int i, int j, int k) => CoarseOrigin + new Vec3(i, j, k) * CoarseStep;

    /// <summary>Mean world position of the coarse voxels that carry <paramref name="region"/>.</summary>
    public Vec3 Centroid(Region region)
    {
        double sx = 0, sy = 0, sz = 0; long n = 0;
        var s = CoarseShape;
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                    if (Has(s.Index(i, j, k), region)) { sx += i; sy += j; sz += k; n++; }
        if (n == 0) throw new InvalidDataException($"anatomy model has no {region} voxels");
        return CoarseOrigin + new Vec3(sx / n, sy / n, sz / n) * CoarseStep;
    }

    /// <summary>Voxel counts of each region on the coarse grid (1 mm³ each).</summary>
    public long Count(Region region) => Flags.LongCount(f => ((Region)f & region) == region);
}
