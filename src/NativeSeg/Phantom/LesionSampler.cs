using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// Draws a subject's lesions (docs/design/phantom.md §3.4): load class, count, type mix, candidate centre, size (log-normal
/// equivalent diameter), elongation, orientation (periventricular: Dawson's finger along ∇d_vent, abutting the
/// ventricle; juxtacortical: tangent to the cortex; others random), irregular surface, confluence, edge width.
/// With a focus box (reduced field of view), centres are drawn inside it only and the count is scaled down.
/// </summary>
public static class LesionSampler
{
    private static readonly double[] LoadWeights = { 0.35, 0.45, 0.20 };
    // Pongratz et al. 2023: subcortical (deep WM) lesions are the most frequent by count, periventricular ones the
    // largest by volume (docs/design/phantom.md §3.4).
    private static readonly double[] TypeWeights = { 0.30, 0.45, 0.15, 0.10 };
    // Fitted so the mixture's equivalent diameters follow Wang et al. 1997's survey: ~20 % of lesions below 3.5 mm
    // (10 mm²) and ~80 % below 10 mm (80 mm²); LesionSamplerTests checks both quantiles.
    private static readonly double[] MedianDiameter = { 8.0, 5.0, 5.0, 5.5 };
    public const double DiameterSigma = 0.75;
    public const double MinDiameter = 2.0;
    private static readonly double[] MaxDiameter = { 25, 15, 12, 12 };
    private static readonly double[] ConfluenceProbability = { 0, 0.15, 0.40 };

    /// <summary>
    /// Fraction of the whole-brain lesion count drawn inside a focus box of side 40 mm, scaled by the box's volume for
    /// smaller boxes (at least <see cref="MinFocusCount"/>): a 64 mm field of view gets about a third of a brain's lesions.
    /// </summary>
    public const double FocusCountFraction = 0.35;
    public const int MinFocusCount = 3;

    public static (LesionLoad Load, List<Lesion> Lesions) Sample(AnatomyFeatures features, FlairContrast contrast, PhantomRandom rng, (Vec3 Min, Vec3 Max)? focus)
    {
        var load = (LesionLoad)rng.Choice(LoadWeights);
        int count = load switch
        {
            LesionLoad.Light => rng.UniformInt(5, 14),
            LesionLoad.Moderate => rng.UniformInt(15, 34),
            _ => rng.UniformInt(35, 60),
        };
        if (focus is { } f)
        {
            double side = Math.Min(f.Max.X - f.Min.X, Math.Min(f.Max.Y - f.Min.Y, f.Max.Z - f.Min.Z));
            count = Math.Max(MinFocusCount, (int)Math.Round(count * FocusCountFraction * Math.Min(1, Math.Pow(side / 40, 3))));
        }

        var model = features.Model;
        var candidates = features.Candidates.Select(list => focus is { } box
            ? list.Where(n => Inside(Centre(model, n), box)).ToArray()
            : list).ToArray();
        var weights = TypeWeights.Select((w, t) => candidates[t].Length > 0 ? w : 0).ToArray();
        var lesions = new List<Lesion>();
        if (weights.Sum() == 0) return (load, lesions);
        for (int n = 0; n < count; n++)
        {
            var type = (LesionType)rng.Choice(weights);
            var list = candidates[(int)type];
            int voxel = list[rng.UniformInt(0, list.Length - 1)];
            var centre = Centre(model, voxel) + new Vec3(rng.Uniform(-0.5, 0.5), rng.Uniform(-0.5, 0.5), rng.Uniform(-0.5, 0.5));
            double d = Diameter(type, rng);
            double e = type == LesionType.Periventricular ? rng.Uniform(1.3, 2.6) : rng.Uniform(1.0, 1.8);
            double e2 = rng.Uniform(1.0, 1.3);
            var axes = new Vec3(Math.Pow(e, 2.0 / 3), Math.Pow(e, -1.0 / 3) * Math.Sqrt(e2), Math.Pow(e, -1.0 / 3) / Math.Sqrt(e2)) * (d / 2);
            Mat3 rotation;
            switch (type)
            {
                case LesionType.Periventricular:
                {
                    var g = Gradient(model, model.VentricleDistance, centre);
                    rotation = g.Length > 1e-6 ? AboutAxis(g.Normalized(), rng) : rng.Rotation();
                    if (g.Length > 1e-6)
                    {
                        // Slide along ∇d_vent until d_vent(c) ≈ 0.6·a_long: the finger abuts the ventricle wall.
                        double dv = Sample(model, model.VentricleDistance, centre) * AnatomyModel.DistanceUnit;
                        centre += g.Normalized() * (0.6 * axes.X - dv);
                    }
                    break;
                }
                case LesionType.Juxtacortical:
                {
                    var g = Gradient(model, model.CortexDistance, centre);
                    if (g.Length > 1e-6)
                    {
                        var normal = g.Normalized();
                        var r = rng.UnitVector();
                        var tangent = r - normal * Vec3.Dot(r, normal);
                        rotation = tangent.Length > 1e-6 ? AboutAxis(tangent.Normalized(), rng) : rng.Rotation();
                    }
                    else rotation = rng.Rotation();
                    break;
                }
                default:
                    rotation = rng.Rotation();
                    break;
            }
            var bumps = new (double, double, Vec3)[4];
            for (int b = 0; b < 4; b++) bumps[b] = (rng.Uniform(-0.25, 0.25), rng.Uniform(2, 6), rng.UnitVector());
            var parts = new List<LesionPart> { new(centre, rotation, axes, bumps) };
            if (rng.NextDouble() < ConfluenceProbability[(int)load])
            {
                int satellites = rng.UniformInt(1, 3);
                for (int sIndex = 0; sIndex < satellites; sIndex++)
                {
                    var direction = rng.UnitVector();
                    var offset = direction * (axes.X * rng.Uniform(0.6, 1.2));
                    var satAxes = new Vec3(axes.Z, axes.Y, axes.X) * rng.Uniform(0.6, 1.0);
                    parts.Add(new LesionPart(centre + offset, rng.Rotation(), satAxes, []));
                }
            }
            double lesionContrast = contrast.LesionMean * rng.Uniform(0.9, 1.1);
            double core = rng.Uniform(0, 0.25);
            double edge = rng.Uniform(0.3, 0.9);
            lesions.Add(new Lesion(type, parts, lesionContrast, core, edge));
        }
        return (load, lesions);
    }

    /// <summary>
    /// Equivalent diameter (mm): LogNormal(ln m_type, <see cref="DiameterSigma"/>) truncated to
    /// [<see cref="MinDiameter"/>, D_max(type)] by redrawing (a clamp would pile lesions up at the bounds).
    /// </summary>
    public static double Diameter(LesionType type, PhantomRandom rng)
    {
        int t = (int)type;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            double d = rng.LogNormal(MedianDiameter[t], DiameterSigma);
            if (d >= MinDiameter && d <= MaxDiameter[t]) return d;
        }
        return MedianDiameter[t];
    }

    /// <summary>The type of a lesion drawn without location constraints (every region has candidates).</summary>
    public static LesionType DrawType(PhantomRandom rng) => (LesionType)rng.Choice(TypeWeights);

    private static bool Inside(Vec3 p, (Vec3 Min, Vec3 Max) box) =>
        p.X >= box.Min.X && p.X <= box.Max.X && p.Y >= box.Min.Y && p.Y <= box.Max.Y && p.Z >= box.Min.Z && p.Z <= box.Max.Z;

    private static Vec3 Centre(AnatomyModel model, int n)
    {
        var s = model.CoarseShape;
        return model.CoarseCentre(n % s.X, n / s.X % s.Y, n / (s.X * s.Y));
    }

    /// <summary>A rotation whose first column is <paramref name="axis"/>, with a random spin about it.</summary>
    private static Mat3 AboutAxis(Vec3 axis, PhantomRandom rng)
    {
        var r = rng.UnitVector();
        var b = r - axis * Vec3.Dot(r, axis);
        if (b.Length < 1e-6) b = Math.Abs(axis.X) < 0.9 ? new Vec3(1, 0, 0) - axis * axis.X : new Vec3(0, 1, 0) - axis * axis.Y;
        b = b.Normalized();
        return Mat3.FromColumns(axis, b, Vec3.Cross(axis, b));
    }

    /// <summary>Nearest-voxel value of a coarse distance map (0 outside).</summary>
    private static double Sample(AnatomyModel model, byte[] map, Vec3 p)
    {
        var q = (p - model.CoarseOrigin) / AnatomyModel.CoarseStep;
        int i = (int)Math.Round(q.X), j = (int)Math.Round(q.Y), k = (int)Math.Round(q.Z);
        var s = model.CoarseShape;
        if (i < 0 || j < 0 || k < 0 || i >= s.X || j >= s.Y || k >= s.Z) return 0;
        return map[s.Index(i, j, k)];
    }

    /// <summary>Central-difference gradient (map units per mm) at the nearest voxel.</summary>
    private static Vec3 Gradient(AnatomyModel model, byte[] map, Vec3 p)
    {
        double dx = Sample(model, map, p + new Vec3(1, 0, 0)) - Sample(model, map, p - new Vec3(1, 0, 0));
        double dy = Sample(model, map, p + new Vec3(0, 1, 0)) - Sample(model, map, p - new Vec3(0, 1, 0));
        double dz = Sample(model, map, p + new Vec3(0, 0, 1)) - Sample(model, map, p - new Vec3(0, 0, 1));
        return new Vec3(dx, dy, dz) / 2;
    }
}
