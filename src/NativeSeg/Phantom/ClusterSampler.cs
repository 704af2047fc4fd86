using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Phantom;

/// <summary>
/// Draws an acquisition grid for a resolution cluster (docs/design/phantom.md §7): `3d-1mm` (in-plane U(0.96, 1.04), slice 1.0
/// with p 0.7 else 0.9/1.1/1.2, sagittal 0.6 / axial 0.4), `3d-0.5mm` (in-plane U(0.46, 0.54), slice 1.0,
/// sagittal/axial even, zero-filling r 1 or 2), `2d` (in-plane thirds 0.35–0.5 r 2 / 0.6–0.75 r 1 or 1.5 /
/// 0.8–1.0 r 1; thickness 3, 4 or 5 mm; gap 0, 10%, 20% or 1 mm; the plane given by the caller).
/// </summary>
public static class ClusterSampler
{
    public const string ThreeD1mm = "3d-1mm";
    public const string ThreeDHalfMm = "3d-0.5mm";
    public const string TwoD = "2d";
    public static readonly string[] Names = { ThreeD1mm, ThreeDHalfMm, TwoD };

    /// <summary>Planes of 2D cases in turn (axial, coronal, sagittal), so even a handful of cases covers all three.</summary>
    public static Plane TwoDPlane(int indexInCluster) => (Plane)(indexInCluster % 3);

    public static AcquisitionGrid Sample(string cluster, PhantomRandom rng, int indexInCluster, Vec3? fieldOfView)
    {
        switch (cluster)
        {
            case ThreeD1mm:
            {
                double inPlane = rng.Uniform(0.96, 1.04);
                double slice = rng.NextDouble() < 0.7 ? 1.0 : new[] { 0.9, 1.1, 1.2 }[rng.UniformInt(0, 2)];
                var plane = rng.NextDouble() < 0.6 ? Plane.Sagittal : Plane.Axial;
                return new AcquisitionGrid(new Spacing(inPlane, inPlane, slice), plane, FieldOfViewMm: fieldOfView, Interpolation: 1);
            }
            case ThreeDHalfMm:
            {
                double inPlane = rng.Uniform(0.46, 0.54);
                var plane = rng.NextDouble() < 0.5 ? Plane.Sagittal : Plane.Axial;
                double r = rng.NextDouble() < 0.5 ? 1 : 2;
                return new AcquisitionGrid(new Spacing(inPlane, inPlane, 1.0), plane, FieldOfViewMm: fieldOfView, Interpolation: r);
            }
            case TwoD:
            {
                int third = rng.UniformInt(0, 2);
                double inPlane, r;
                switch (third)
                {
                    case 0: inPlane = rng.Uniform(0.35, 0.5); r = 2; break;
                    case 1: inPlane = rng.Uniform(0.6, 0.75); r = rng.NextDouble() < 0.5 ? 1 : 1.5; break;
                    default: inPlane = rng.Uniform(0.8, 1.0); r = 1; break;
                }
                double thickness = new[] { 3.0, 4.0, 5.0 }[rng.UniformInt(0, 2)];
                double gap = new[] { 0, 0.1 * thickness, 0.2 * thickness, 1.0 }[rng.UniformInt(0, 3)];
                return new AcquisitionGrid(new Spacing(inPlane, inPlane, thickness + gap), TwoDPlane(indexInCluster), thickness, fieldOfView, Interpolation: r);
            }
            default:
                throw new UserInputException($"cluster '{cluster}': expected one of {string.Join(", ", Names)}");
        }
    }

    /// <summary>The cluster a spacing belongs to (in-plane tolerance ±0.04 mm), or "custom".</summary>
    public static string Classify(Spacing s)
    {
        if (s.Z >= 2) return TwoD;
        if (Math.Abs(s.X - 1) <= Spacing.ClusterTolerance && Math.Abs(s.Y - 1) <= Spacing.ClusterTolerance) return ThreeD1mm;
        if (Math.Abs(s.X - 0.5) <= Spacing.ClusterTolerance && Math.Abs(s.Y - 0.5) <= Spacing.ClusterTolerance) return ThreeDHalfMm;
        return "custom";
    }
}
