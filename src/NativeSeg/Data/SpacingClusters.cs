using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Data;

/// <summary>Cases of (nearly) one spacing: the resolution clusters of a mixed dataset.</summary>
public sealed record SpacingCluster(Spacing Spacing, IReadOnlyList<string> Cases, IReadOnlyList<string> Planes);

public static class SpacingClusters
{
    public const double ToleranceMm = 0.04;

    /// <summary>The resolution clusters of a dataset's training cases (in the given cases.tsv groups; all when empty).</summary>
    public static IReadOnlyList<SpacingCluster> OfTraining(string dataDir, IReadOnlyList<string> groups) =>
        Group(NnUNetDataset.Open(dataDir).TrainingIn(groups)
            .Select(c => (c.Name, c.ListedSpacing ?? NiftiReader.ReadHeader(c.ImagePath).Spacing, c.Plane)));

    /// <summary>Greedy grouping: a case joins the first cluster whose spacing is within the tolerance on every axis.</summary>
    public static IReadOnlyList<SpacingCluster> Group(IEnumerable<(string Case, Spacing Spacing, string Plane)> cases, double toleranceMm = ToleranceMm)
    {
        var clusters = new List<(Spacing Spacing, List<string> Cases, List<string> Planes)>();
        foreach (var (name, spacing, plane) in cases)
        {
            var hit = clusters.FirstOrDefault(c => Math.Abs(c.Spacing.X - spacing.X) <= toleranceMm
                && Math.Abs(c.Spacing.Y - spacing.Y) <= toleranceMm && Math.Abs(c.Spacing.Z - spacing.Z) <= toleranceMm);
            if (hit.Cases is null) clusters.Add((spacing, [name], [plane]));
            else { hit.Cases.Add(name); if (!hit.Planes.Contains(plane)) hit.Planes.Add(plane); }
        }
        return clusters.Select(c => new SpacingCluster(c.Spacing, c.Cases, c.Planes.Where(p => p.Length > 0).ToList())).ToList();
    }
}
