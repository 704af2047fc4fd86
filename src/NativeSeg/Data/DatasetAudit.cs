using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Data;

/// <summary>What <see cref="DatasetAudit"/> found about one case.</summary>
public sealed record CaseAudit(string Case, string Split, string Group, string Plane, Shape3 Shape, Spacing Spacing, string Orientation, int QformCode, int SformCode,
    double ObliqueDegrees, long NonFinite, IReadOnlyList<double> LabelValues, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings);

/// <summary>The dataset's cases, its spacing clusters (as the experiments group them) and the dataset-wide warnings.</summary>
public sealed record AuditReport(IReadOnlyList<CaseAudit> Cases, IReadOnlyList<SpacingCluster> Clusters, IReadOnlyList<string> Warnings)
{
    public bool HasProblems => Cases.Any(c => c.Problems.Count > 0);
    public bool HasWarnings => Warnings.Count > 0 || Cases.Any(c => c.Warnings.Count > 0);
}

/// <summary>
/// Audits an nnU-Net raw dataset before training, refusing nothing: per case spacing, shape, orientation, qform/sform
/// codes and whether the two disagree (beyond 1e-3 mm or 1e-3 rad), obliquity, non-finite voxels, label values,
/// image/label geometry; then the spacing clusters and dataset-wide warnings (mixed orientations). Problems are what
/// training cannot use (unreadable files, label grid ≠ image grid); warnings are what a user should look at.
/// </summary>
public static class DatasetAudit
{
    public const double GeometryToleranceMm = 1e-3;
    public const double AngleToleranceRad = 1e-3;

    public static AuditReport Run(string root)
    {
        var dataset = NnUNetDataset.Open(root);
        var cases = dataset.Training.Select(c => Audit(c, "train")).Concat(dataset.Test.Select(c => Audit(c, "test"))).ToList();
        var clusters = SpacingClusters.Group(cases.Where(c => c.Shape.Count > 0).Select(c => (c.Case, c.Spacing, c.Plane)));
        var warnings = new List<string>();
        var orientations = cases.Where(c => c.Orientation.Length > 0).Select(c => c.Orientation).Distinct().ToList();
        if (orientations.Count > 1) warnings.Add($"mixed orientations: {string.Join(", ", orientations)} (NativeSeg works on each image's own grid; check the labels follow their images)");
        return new AuditReport(cases, clusters, warnings);
    }

    private static CaseAudit Audit(DatasetCase c, string split)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        NiftiHeader header;
        Volume image;
        try
        {
            var file = NiftiReader.ReadImage(c.ImagePath);   // one read: header and voxels
            header = file.Header;
            image = file.VolumeCount == 1 ? file.GetVolume(0)
                : throw new InvalidDataException($"{c.ImagePath}: 4D image; a training case needs one 3D volume");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return new CaseAudit(c.Name, split, c.Group, c.Plane, new Shape3(0, 0, 0), Spacing.Isotropic(1), "", 0, 0, 0, 0, [], [e.Message], []);
        }
        var spacing = image.Affine.ColumnNorms();
        string orientation = Orientation.AxisCodes(image.Affine);
        if (header.QformCode > 0 && header.SformCode > 0 && Disagree(header.QformAffine(), header.SformAffine()) is { } how)
            warnings.Add($"qform and sform disagree ({how}); NativeSeg uses the sform");
        double oblique = Orientation.ObliqueDegrees(image.Affine);
        if (oblique > 0.1) warnings.Add($"oblique by {oblique:0.#} degrees");
        long nonFinite = image.Voxels.LongCount(v => !float.IsFinite(v));
        if (nonFinite > 0) warnings.Add($"{nonFinite} non-finite voxels");

        IReadOnlyList<double> labels = [];
        if (c.LabelPath is { } labelPath)
        {
            try
            {
                var label = NiftiReader.Read(labelPath);
                labels = label.Voxels.Where(float.IsFinite).Select(v => (double)v).Distinct().Order().Take(11).ToList();
                // The rule training applies (CaseLoader): one check, one message.
                try { VolumeChecks.RequireSameGrid(image, label, c.ImagePath, labelPath); }
                catch (InvalidDataException e) { problems.Add(e.Message); }
                if (labels.Any(v => v != 0 && v != 1)) warnings.Add($"label values outside {{0, 1}}: {string.Join(", ", labels.Where(v => v != 0 && v != 1).Take(5))}");
                if (labels.All(v => v == 0)) warnings.Add("empty label (no foreground)");
                if (label.Voxels.Any(v => !float.IsFinite(v))) problems.Add("label holds non-finite values");
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                problems.Add(e.Message);
            }
        }
        return new CaseAudit(c.Name, split, c.Group, c.Plane, image.Shape, spacing, orientation, header.QformCode, header.SformCode, oblique, nonFinite, labels, problems, warnings);
    }

    /// <summary>How two voxel-to-world affines differ beyond the tolerances, or null when they agree.</summary>
    private static string? Disagree(Affine a, Affine b)
    {
        double origin = Math.Sqrt(Enumerable.Range(0, 3).Sum(r => Math.Pow(a[r, 3] - b[r, 3], 2)));
        double angle = 0, scale = 0;
        for (int col = 0; col < 3; col++)
        {
            var u = Column(a, col);
            var v = Column(b, col);
            double nu = Norm(u), nv = Norm(v);
            scale = Math.Max(scale, Math.Abs(nu - nv));
            angle = Math.Max(angle, Math.Acos(Math.Clamp((u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (nu * nv), -1, 1)));
        }
        if (origin <= GeometryToleranceMm && scale <= GeometryToleranceMm && angle <= AngleToleranceRad) return null;
        return $"origin {origin:g3} mm, axes {angle * 180 / Math.PI:g3} degrees, voxel size {scale:g3} mm apart";
    }

    private static double[] Column(Affine a, int col) => [a[0, col], a[1, col], a[2, col]];

    private static double Norm(double[] v) => Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}
