using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Text.Json.Nodes;
using NativeSeg.Data;
using NativeSeg.Phantom;

namespace NativeSeg.Experiments;

/// <summary>Subjects of one cluster: how many, on which grid, in which split (Tr or Ts).</summary>
public sealed record ClusterSpec(string Group, string Split, int Subjects, Spacing Spacing, Plane Plane);

/// <summary>
/// The demo's small mixed-resolution dataset: synthetic FLAIR subjects (each a different subject index) acquired
/// on a field of view centred on the lateral ventricles, where most MS lesions are, and written in the nnU-Net
/// raw layout with cases.tsv.
/// </summary>
public static class DemoData
{
    public const string UnseenGroup = "2d-coronal";

    /// <summary>
    /// Training: 1 mm and 0.5 x 0.5 x 1 mm 3D, 2D axial 0.9 x 0.9 x 4 mm; test: 2D coronal 0.35 x 0.35 x 7 mm, outside every
    /// grid the shipped models trained on (their data and their random grids: 0.39-2.0 mm in-plane, 1-6 mm slices).
    /// </summary>
    public static IReadOnlyList<ClusterSpec> Standard(int perCluster) =>
    [
        new(ExperimentProtocol.Group1mm, "Tr", perCluster, Spacing.Isotropic(1), Plane.Axial),
        new(ExperimentProtocol.Group05mm, "Tr", perCluster, new Spacing(0.5, 0.5, 1), Plane.Axial),
        new(ExperimentProtocol.Group2d, "Tr", perCluster, new Spacing(0.9, 0.9, 4), Plane.Axial),
        new(UnseenGroup, "Ts", 2, new Spacing(0.35, 0.35, 7), Plane.Coronal),
    ];

    public static void Write(string root, IReadOnlyList<ClusterSpec> clusters, double fieldOfViewMm, long seed, Action<string>? progress = null)
    {
        foreach (var split in new[] { "Tr", "Ts" })
        {
            Directory.CreateDirectory(Path.Combine(root, "images" + split));
            Directory.CreateDirectory(Path.Combine(root, "labels" + split));
        }
        var rows = new List<CaseInfo>();
        int subject = 0;
        var fov = new Vec3(fieldOfViewMm, fieldOfViewMm, fieldOfViewMm);
        foreach (var cluster in clusters)
            for (int n = 0; n < cluster.Subjects; n++, subject++)
            {
                string name = $"sub{subject:000}";
                progress?.Invoke($"{name}: {cluster.Group}, {Planes.Name(cluster.Plane)} {cluster.Spacing} mm");
                var phantom = PhantomSubject.Create(seed, subject, new PhantomOptions(LesionFocusHalfWidth: fieldOfViewMm / 2 - 4));
                var acquisition = phantom.Acquire(new AcquisitionGrid(cluster.Spacing, cluster.Plane, FieldOfViewMm: fov));
                NiftiWriter.Write(acquisition.Image, Path.Combine(root, "images" + cluster.Split, NnUNetNames.ImageFile(name)));
                NiftiWriter.WriteMask(acquisition.Image, acquisition.Truth, Path.Combine(root, "labels" + cluster.Split, NnUNetNames.MaskFile(name)));
                rows.Add(new CaseInfo(name, cluster.Group, Planes.Name(cluster.Plane), cluster.Spacing, acquisition.Info.LesionCount, acquisition.Info.LesionMl));
            }
        CaseTable.Write(Path.Combine(root, CaseTable.FileName), rows);
        var json = new JsonObject
        {
            ["name"] = "NativeSeg demo (synthetic MS FLAIR)",
            ["channel_names"] = new JsonObject { ["0"] = "FLAIR" },
            ["labels"] = new JsonObject { ["background"] = 0, ["lesion"] = 1 },
            ["numTraining"] = clusters.Where(c => c.Split == "Tr").Sum(c => c.Subjects),
            ["file_ending"] = NnUNetNames.Extension,
        };
        File.WriteAllText(Path.Combine(root, "dataset.json"), json.ToJsonString());
    }
}
