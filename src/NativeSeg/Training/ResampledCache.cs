using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Data;
using NativeSeg.Imaging;

namespace NativeSeg.Training;

/// <summary>
/// A disk cache of <see cref="Preprocessing.ToGrid(Volume, Volume)"/> for models on a resampled grid: every case
/// put on the model's grid once, stored in nnU-Net layout under the model folder and reused by later runs and resumes.
/// </summary>
public static class ResampledCache
{
    /// <summary>The cache's folder inside the model folder: "resampled-1mm" for a 1 mm isotropic grid, "resampled-0.5x0.5x1mm" otherwise.</summary>
    public static string Folder(InputGrid grid)
    {
        var t = grid.Target ?? throw new UserInputException("a native grid has no resampled cache");
        string size = t.X == t.Y && t.Y == t.Z ? t.X.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : t.ToString();
        return $"resampled-{size}mm";
    }

    public static IReadOnlyList<DatasetCase> Prepare(IReadOnlyList<DatasetCase> cases, string modelDir, Preprocessing preprocessing, Action<string>? progress = null)
    {
        string folder = Path.Combine(modelDir, Folder(preprocessing.Grid));
        string images = Path.Combine(folder, "imagesTr"), labels = Path.Combine(folder, "labelsTr");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(labels);
        var result = new List<DatasetCase>();
        foreach (var c in cases)
        {
            string image = Path.Combine(images, NnUNetNames.ImageFile(c.Name)), label = Path.Combine(labels, NnUNetNames.MaskFile(c.Name));
            if (!File.Exists(image) || !File.Exists(label))
            {
                if (c.LabelPath is null) throw new FileNotFoundException($"{c.ImagePath}: no label file for case {c.Name}");
                progress?.Invoke(c.Name);
                var source = NiftiReader.Read(c.ImagePath);
                VolumeChecks.RequireFinite(source, c.ImagePath);
                var mask = NiftiReader.Read(c.LabelPath);
                VolumeChecks.RequireSameGrid(source, mask, c.ImagePath, c.LabelPath);
                var (resampled, resampledMask) = preprocessing.ToGrid(source, mask);
                NiftiWriter.WriteMask(resampledMask, resampledMask.Voxels.Select(v => (byte)(v > 0.5f ? 1 : 0)).ToArray(), label);
                NiftiWriter.Write(resampled, image);
            }
            result.Add(c with { ImagePath = image, LabelPath = label });
        }
        return result;
    }
}
