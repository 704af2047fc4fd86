using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Data;
using NativeSeg.Imaging;

namespace NativeSeg.Training;

/// <summary>
/// Reads and validates every image/label pair before training starts: readable 3D NIfTI, finite values,
/// same shape, affines equal within 1e-3 mm, labels only 0 and 1. All problems are collected and reported
/// together (one line per case) so a user fixes the dataset in one go. The cases are on the model's grid already
/// (native, or put there by <see cref="ResampledCache"/>); loading normalizes intensities by the model's
/// <see cref="Preprocessing"/>, as inference does.
/// </summary>
public static class CaseLoader
{
    public static IReadOnlyList<TrainingCase> LoadAll(IReadOnlyList<DatasetCase> cases, Preprocessing preprocessing)
    {
        if (cases.Count == 0) throw new InvalidDataException("the dataset has no training cases (imagesTr/<case>_0000.nii.gz with labelsTr/<case>.nii.gz)");
        var loaded = new List<TrainingCase>();
        var problems = new List<string>();
        foreach (var c in cases)
        {
            try { loaded.Add(Load(c, preprocessing)); }
            catch (Exception e) when (e is IOException or InvalidDataException or UserInputException)
            {
                problems.Add($"{c.Name}: {e.Message}");
            }
        }
        if (problems.Count > 0)
            throw new InvalidDataException($"{problems.Count} bad case(s): {string.Join("; ", problems)}");
        if (loaded.All(c => c.Foreground.Length == 0))
            throw new InvalidDataException("no training label has any foreground voxel (a single class only): nothing to learn");
        return loaded;
    }

    public static TrainingCase Load(DatasetCase c, Preprocessing preprocessing)
    {
        if (c.LabelPath is null) throw new FileNotFoundException($"{c.ImagePath}: no label file for case {c.Name}");
        var image = NiftiReader.Read(c.ImagePath);
        var label = NiftiReader.Read(c.LabelPath);
        VolumeChecks.RequireFinite(image, c.ImagePath);
        VolumeChecks.RequireSameGrid(image, label, c.ImagePath, c.LabelPath);
        if (label.Voxels.Any(v => v != 0 && v != 1))
            throw new InvalidDataException($"{c.LabelPath}: labels must be 0 or 1 (found {label.Voxels.First(v => v != 0 && v != 1)})");
        var z = preprocessing.Normalize(image);
        return new TrainingCase(c.Name, c.Group, image.Shape, image.Spacing, z, label.Voxels.Select(v => (byte)(v > 0.5f ? 1 : 0)).ToArray());
    }
}
