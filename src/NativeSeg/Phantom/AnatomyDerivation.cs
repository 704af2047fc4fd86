using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Security.Cryptography;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>
/// The rebuild recipe for the shipped anatomy model: read ch2better.nii.gz (optionally a crop of it, for
/// tests), build the model, record provenance (file name, SHA-256, command, notices) and write it.
/// </summary>
public static class AnatomyDerivation
{
    public const string RebuildCommand =
        "nativeseg synth-anatomy --template /usr/share/mricron/templates/ch2better.nii.gz --out assets/phantom/colin27_anatomy.bin.br";

    /// <summary>Derives the model; <paramref name="cropMm"/> (min and max corners, template mm) restricts the input, for quick checks.</summary>
    public static AnatomyModel Derive(string templatePath, (Vec3 Min, Vec3 Max)? cropMm = null)
    {
        if (!File.Exists(templatePath)) throw new FileNotFoundException($"{templatePath}: no such file (install Debian's mricron-data: templates/ch2better.nii.gz)");
        string sha;
        using (var f = File.OpenRead(templatePath)) sha = Convert.ToHexString(SHA256.HashData(f)).ToLowerInvariant();
        var t1 = NiftiReader.Read(templatePath);
        if (cropMm is { } box) t1 = Crop(t1, box.Min, box.Max);
        var provenance = new Dictionary<string, string>
        {
            ["source"] = Path.GetFileName(templatePath),
            ["source_sha256"] = sha,
            ["source_package"] = "Debian mricron-data (templates/ch2better.nii.gz)",
            ["rebuild"] = RebuildCommand,
            ["crop_mm"] = cropMm is { } c ? $"{c.Min} .. {c.Max}" : "none",
            ["notice"] = AnatomyBuilder.Notice,
        };
        return AnatomyBuilder.Build(t1, provenance);
    }

    /// <summary>The voxels of an axis-aligned volume inside a world box (corners in mm), with the affine moved accordingly.</summary>
    public static Volume Crop(Volume v, Vec3 min, Vec3 max)
    {
        int[] lo = new int[3], hi = new int[3];
        double[] mn = { min.X, min.Y, min.Z }, mx = { max.X, max.Y, max.Z };
        for (int a = 0; a < 3; a++)
        {
            double step = v.Affine[a, a], origin = v.Affine[a, 3];
            lo[a] = Math.Clamp((int)Math.Ceiling((mn[a] - origin) / step), 0, v.Shape[a] - 1);
            hi[a] = Math.Clamp((int)Math.Floor((mx[a] - origin) / step), lo[a], v.Shape[a] - 1);
        }
        var s = new Shape3(hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1);
        var voxels = new float[s.Count];
        for (int k = 0; k < s.Z; k++)
            for (int j = 0; j < s.Y; j++)
                for (int i = 0; i < s.X; i++)
                    voxels[s.Index(i, j, k)] = v.Voxels[v.Shape.Index(i + lo[0], j + lo[1], k + lo[2])];
        var m = v.Affine.ToRowMajor();
        var (x, y, z) = v.Affine.Apply(lo[0], lo[1], lo[2]);
        m[3] = x; m[7] = y; m[11] = z;
        return new Volume(s, voxels, v.Spacing, new Affine(m));
    }
}
