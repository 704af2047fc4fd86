using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Data;

/// <summary>
/// One row of cases.tsv: per-case metadata beside an nnU-Net raw dataset. Group is the spacing
/// cluster or test set name ("3d-1mm", "3d-0.5mm", "2d"); plane is axial, coronal or sagittal.
/// LesionCount and LesionMl are known for synthetic subjects and null otherwise.
/// </summary>
public sealed record CaseInfo(string Case, string Group, string Plane, Spacing Spacing, int? LesionCount = null, double? LesionMl = null);
