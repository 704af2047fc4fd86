using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Reports;

namespace NativeSeg.Tests.Reports;

/// <summary>
/// A few blob cases under hostile names, with two "models": one that predicts the truth, one that predicts it shifted by
/// three voxels (so its overlay differs from the truth's where the viewer opens).
/// </summary>
internal static class ReportData
{
    public static readonly string[] CaseNames = ["<img src=x onerror=alert(1)>", "\"; x=\"", "case&amp;3"];
    public const string HostileModel = "<b>exact</b>";

    public static ReportInput Write(string root)
    {
        var shape = new Shape3(40, 40, 12);
        var spacing = new Spacing(0.5, 0.5, 2.0);
        BlobDataset.Write(root, CaseNames.Length, shape, spacing, seed: 3, split: "Ts");
        string images = Path.Combine(root, "imagesTs"), labels = Path.Combine(root, "labelsTs");
        string exact = Path.Combine(root, "exact"), shifted = Path.Combine(root, "shifted");
        Directory.CreateDirectory(exact);
        Directory.CreateDirectory(shifted);
        for (int n = 0; n < CaseNames.Length; n++)
        {
            string name = CaseNames[n];
            File.Move(Path.Combine(images, $"case{n:000}_0000.nii.gz"), Path.Combine(images, $"{name}_0000.nii.gz"));
            File.Move(Path.Combine(labels, $"case{n:000}.nii.gz"), Path.Combine(labels, $"{name}.nii.gz"));
            var truth = NiftiReader.Read(Path.Combine(labels, $"{name}.nii.gz"));
            File.Copy(Path.Combine(labels, $"{name}.nii.gz"), Path.Combine(exact, $"{name}.nii.gz"));
            var moved = new byte[truth.Voxels.Length];
            for (int k = 0; k < shape.Z; k++)
                for (int j = 0; j < shape.Y; j++)
                    for (int i = 3; i < shape.X; i++)
                        moved[shape.Index(i, j, k)] = (byte)(truth[i - 3, j, k] > 0.5f ? 1 : 0);
            NiftiWriter.WriteMask(truth, moved, Path.Combine(shifted, $"{name}.nii.gz"));
        }
        File.Delete(Path.Combine(root, NativeSeg.Data.CaseTable.FileName));
        return new ReportInput(images, labels, [new ReportModel(HostileModel, exact), new ReportModel("shifted", shifted)], "Report <script>alert(2)</script>");
    }
}
