using NativeSeg.Data;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Training;

/// <summary>
/// The @1mm baseline's data: every case resampled once to 1 mm isotropic (cubic B-spline for images, nearest
/// neighbour for masks), stored in nnU-Net layout under the model folder and reused by later runs and resumes.
/// </summary>
public static class ResampledCache
{
    public const string Folder = "resampled-1mm";
    public static readonly Spacing Target = Spacing.Isotropic(1);

    public static IReadOnlyList<DatasetCase> Prepare(IReadOnlyList<DatasetCase> cases, string modelDir, Action<string>? progress = null)
    {
        string images = Path.Combine(modelDir, Folder, "imagesTr"), labels = Path.Combine(modelDir, Folder, "labelsTr");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(labels);
        var result = new List<DatasetCase>();
        foreach (var c in cases)
        {
            string image = Path.Combine(images, c.Name + "_0000.nii.gz"), label = Path.Combine(labels, c.Name + ".nii.gz");
            if (!File.Exists(image) || !File.Exists(label))
            {
                if (c.LabelPath is null) throw new FileNotFoundException($"{c.ImagePath}: no label file for case {c.Name}");
                progress?.Invoke(c.Name);
                var source = NiftiReader.Read(c.ImagePath);
                VolumeChecks.RequireFinite(source, c.ImagePath);
                var mask = NiftiReader.Read(c.LabelPath);
                VolumeChecks.RequireSameGrid(source, mask, c.ImagePath, c.LabelPath);
                var resampled = Resampler.ResampleToSpacing(source, Target, Interpolation.CubicBSpline);
                var resampledMask = Resampler.ResampleToSpacing(mask, Target, Interpolation.Nearest);
                NiftiWriter.WriteMask(resampledMask, resampledMask.Voxels.Select(v => (byte)(v > 0.5f ? 1 : 0)).ToArray(), label);
                NiftiWriter.Write(resampled, image);
            }
            result.Add(c with { ImagePath = image, LabelPath = label });
        }
        return result;
    }
}
