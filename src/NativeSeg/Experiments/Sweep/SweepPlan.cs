using NativeSeg.Imaging.Geometry;
using System.Globalization;
using NativeSeg.Phantom;

namespace NativeSeg.Experiments.Sweep;

/// <summary>One spacing of a sweep: in-plane (both in-plane axes) and slice spacing in mm, slices without gap.</summary>
public sealed record SweepPoint(double InPlaneMm, double SliceMm)
{
    public Spacing Spacing => new(InPlaneMm, InPlaneMm, SliceMm);

    /// <summary>The group name in tables and CSVs, e.g. 0.4x0.4x3.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{InPlaneMm:0.###}x{InPlaneMm:0.###}x{SliceMm:0.###}");
}

/// <summary>
/// What a sweep acquires: every in-plane x slice spacing with slices at least as thick as the in-plane spacing
/// (thinner slices than pixels are not a clinical acquisition), in every plane, for the same phantom subjects.
/// Each <see cref="ExperimentScale"/> carries its own (<see cref="ExperimentScale.Sweep"/>).
/// </summary>
public sealed record SweepPlan(IReadOnlyList<double> InPlaneMm, IReadOnlyList<double> SliceMm, IReadOnlyList<Plane> Planes, int Subjects, double? FieldOfViewMm)
{
    /// <summary>Sweep subjects are neither training (0...) nor test (1,000,000...) subjects of a synthesized dataset.</summary>
    public const int SubjectOffset = 2_000_000;

    public static readonly IReadOnlyList<Plane> AllPlanes = [Plane.Axial, Plane.Coronal, Plane.Sagittal];

    public IReadOnlyList<SweepPoint> Points() =>
        InPlaneMm.SelectMany(ip => SliceMm.Where(sl => sl >= ip - 1e-9).Select(sl => new SweepPoint(ip, sl))).ToList();

    public AcquisitionGrid Grid(SweepPoint point, Plane plane) =>
        new(point.Spacing, plane, FieldOfViewMm: FieldOfViewMm is { } f ? new Vec3(f, f, f) : null);

    /// <summary>Lesions drawn where a cubic field of view around the ventricles can see them (as the synthesized datasets do).</summary>
    public PhantomOptions SubjectOptions => new(FieldOfViewMm is { } f ? SynthOptions.FocusFor(f) : null);

    public int Acquisitions => Points().Count * Planes.Count * Subjects;
}
