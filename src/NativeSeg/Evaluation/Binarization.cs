using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>
/// How evaluate turns a mask file into foreground voxels. Strict (the default) accepts only 0 and 1, so a probability
/// map, a multi-label map or NaN is refused with the file and the first bad value instead of being binarized silently;
/// <see cref="Threshold"/> takes value ≥ T, <see cref="Label"/> takes value == N. NaN is refused in every mode.
/// </summary>
public sealed record Binarization(double? Threshold = null, int? Label = null)
{
    public static readonly Binarization Strict = new();

    public bool[] Apply(Volume volume, string path)
    {
        var voxels = volume.Voxels;
        var mask = new bool[voxels.Length];
        for (int i = 0; i < voxels.Length; i++)
        {
            float v = voxels[i];
            if (float.IsNaN(v)) throw new InvalidDataException($"{path}: voxel {i} is NaN; a mask needs numbers");
            mask[i] = Label is int label ? v == label
                : Threshold is double t ? v >= t
                : v == 1 || (v == 0 ? false : throw new InvalidDataException(
                    $"{path}: value {v.ToString(CultureInfo.InvariantCulture)} at voxel {i} is not 0 or 1; binarize a probability map with --threshold T or pick one label with --label N"));
        }
        return mask;
    }

    public override string ToString() => Label is int n ? $"label {n}" : Threshold is double t ? $"value >= {t.ToString(CultureInfo.InvariantCulture)}" : "0/1 masks";
}
