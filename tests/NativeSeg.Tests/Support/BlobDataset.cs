using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Data;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Support;

/// <summary>A tiny nnU-Net raw dataset: bright spherical blobs (the lesions) in a noisy tissue cube, labels = blobs.</summary>
public static class BlobDataset
{
    public static void Write(string root, int cases, Shape3 shape, Spacing spacing, int seed = 0, string group = "all", int firstCase = 0, string split = "Tr")
    {
        Directory.CreateDirectory(Path.Combine(root, "images" + split));
        Directory.CreateDirectory(Path.Combine(root, "labels" + split));
        File.WriteAllText(Path.Combine(root, "dataset.json"),
            "{\"name\": \"blobs\", \"channel_names\": {\"0\": \"FLAIR\"}, \"labels\": {\"background\": 0, \"lesion\": 1}, \"file_ending\": \".nii.gz\"}");
        var rows = File.Exists(Path.Combine(root, CaseTable.FileName)) ? CaseTable.Read(Path.Combine(root, CaseTable.FileName)).ToList() : [];
        var rng = new Random(seed);
        for (int n = firstCase; n < firstCase + cases; n++)
        {
            string name = $"case{n:000}";
            var image = new float[shape.Count];
            var label = new byte[shape.Count];
            var centres = Enumerable.Range(0, 2).Select(_ => (X: rng.Next(3, shape.X - 3), Y: rng.Next(3, shape.Y - 3), Z: rng.Next(1, shape.Z - 1), R: 1.5 + 1.5 * rng.NextDouble())).ToList();
            for (int k = 0; k < shape.Z; k++)
                for (int j = 0; j < shape.Y; j++)
                    for (int i = 0; i < shape.X; i++)
                    {
                        long idx = shape.Index(i, j, k);
                        bool lesion = centres.Any(c => Math.Pow(i - c.X, 2) + Math.Pow(j - c.Y, 2) + Math.Pow((k - c.Z) * spacing.Z / spacing.X, 2) <= c.R * c.R);
                        label[idx] = (byte)(lesion ? 1 : 0);
                        image[idx] = (float)(100 + (lesion ? 60 : 0) + 5 * (rng.NextDouble() - 0.5));
                    }
            var volume = new Volume(shape, image, spacing, Affine.Diagonal(spacing));
            NiftiWriter.Write(volume, Path.Combine(root, "images" + split, name + "_0000.nii.gz"));
            NiftiWriter.WriteMask(volume, label, Path.Combine(root, "labels" + split, name + ".nii.gz"));
            rows.Add(new CaseInfo(name, group, "axial", spacing));
        }
        CaseTable.Write(Path.Combine(root, CaseTable.FileName), rows);
    }
}
