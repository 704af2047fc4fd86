using NativeSeg.Imaging.Geometry;
using System.Runtime.CompilerServices;

namespace NativeSeg.Phantom;

/// <summary>
/// Subject-independent maps derived once per <see cref="AnatomyModel"/> (cached): the ependymal rim and the
/// frontal/occipital caps profiles (docs/design/phantom.md §3.3), ventricle and intracranial centroids, and the candidate
/// lesion centres of each lesion type (docs/design/phantom.md §3.4), as coarse (1 mm) voxel indices.
/// </summary>
public sealed class AnatomyFeatures
{
    private static readonly ConditionalWeakTable<AnatomyModel, AnatomyFeatures> Cache = new();

    public static AnatomyFeatures For(AnatomyModel model) => Cache.GetValue(model, m => new AnatomyFeatures(m));

    private AnatomyFeatures(AnatomyModel model)
    {
        Model = model;
        var s = model.CoarseShape;
        IntracranialCentre = model.Centroid(AnatomyModel.Region.Intracranial);
        VentricleCentre = model.Centroid(AnatomyModel.Region.Ventricle);
        double yMin = double.MaxValue, yMax = double.MinValue;
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                    if (model.Has(s.Index(i, j, k), AnatomyModel.Region.Ventricle))
                    {
                        double y = model.CoarseCentre(i, j, k).Y;
                        yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
                    }

        Rim = new float[s.Count];
        Caps = new float[s.Count];
        var pv = new List<int>(); var jc = new List<int>(); var dwm = new List<int>(); var it = new List<int>();
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                {
                    int n = (int)s.Index(i, j, k);
                    var p = model.CoarseCentre(i, j, k);
                    double dv = model.VentricleDistance[n] * AnatomyModel.DistanceUnit;
                    double dc = model.CortexDistance[n] * AnatomyModel.DistanceUnit;
                    bool vent = model.Has(n, AnatomyModel.Region.Ventricle);
                    if (!vent)
                    {
                        double excess = Math.Max(dv - 0.5, 0);
                        Rim[n] = (float)Math.Exp(-excess / 1.0);
                        if (p.Y > yMax - 12 || p.Y < yMin + 12) Caps[n] = (float)Math.Exp(-excess / 3.0);
                    }
                    bool wm = model.Has(n, AnatomyModel.Region.WhiteMatter);
                    bool infra = model.Has(n, AnatomyModel.Region.Infratentorial);
                    bool icv = model.Has(n, AnatomyModel.Region.Intracranial);
                    bool brainstem = Math.Abs(p.X) < 16 && p.Y > -45 && p.Y < -5 && p.Z < -8;
                    if (wm && dv >= 1 && dv <= 6) pv.Add(n);
                    if (wm && dc <= 2.5 && dv > 10 && !infra) jc.Add(n);
                    if (wm && dc > 3 && dv > 6 && !infra) dwm.Add(n);
                    if ((infra && wm) || (brainstem && icv)) it.Add(n);
                }
        Candidates = new[] { pv.ToArray(), dwm.ToArray(), jc.ToArray(), it.ToArray() };
    }

    public AnatomyModel Model { get; }
    public Vec3 IntracranialCentre { get; }
    public Vec3 VentricleCentre { get; }
    public float[] Rim { get; }
    public float[] Caps { get; }

    /// <summary>Candidate centres (coarse voxel indices) per <see cref="LesionType"/>, in enum order.</summary>
    public int[][] Candidates { get; }
}
