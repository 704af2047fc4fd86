using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
namespace NativeSeg.Experiments.Sweep;

/// <summary>
/// A sweep result row's case name: subject and plane ("s0-coronal"), so that rows of one spacing pair up across
/// models by case, and the plane can be read back for the per-plane table.
/// </summary>
public static class SweepCase
{
    public static string Name(int subject, Plane plane) => $"s{subject}-{plane.Name()}";

    public static string Plane(string caseName) => caseName[(caseName.IndexOf('-') + 1)..];
}
