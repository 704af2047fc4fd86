using NativeSeg.Imaging.Geometry;
using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>
/// One lesion (a 26-connected component, as <see cref="LesionMetrics"/> counts them) of a truth or predicted mask:
/// its volume, its centroid in world coordinates (the image's affine, i.e. NIfTI's RAS+ millimetres), whether the
/// other mask overlaps it (truth: detected or missed; prediction: true or false positive), and which of the other
/// mask's lesions overlap it.
/// </summary>
public sealed record LesionRow(string Case, string Mask, int Id, double VolumeMm3, (double X, double Y, double Z) Centroid, string Status, IReadOnlyList<int> Overlaps)
{
    /// <summary>A predicted lesion's mean voxel uncertainty (with `evaluate --uncertainty`), else null.</summary>
    public double? MeanUncertainty { get; init; }
}

/// <summary>`evaluate --lesions FILE`: every lesion of every case, truth and prediction, one row each.</summary>
public static class LesionTable
{
    public const string Header = "case,mask,id,volume_mm3,centroid_x_mm,centroid_y_mm,centroid_z_mm,status,overlapping_ids";

    /// <param name="uncertainty">Voxel uncertainty on the same grid: each predicted lesion gets its mean.</param>
    public static IReadOnlyList<LesionRow> Of(string caseName, bool[] pred, bool[] truth, Shape3 shape, Affine affine, float[]? uncertainty = null)
    {
        var (tl, tn) = ConnectedComponents.Label26(truth, shape);
        var (pl, pn) = ConnectedComponents.Label26(pred, shape);
        return [.. Rows(caseName, "truth", tl, tn, pl, shape, affine, "detected", "missed", null),
                .. Rows(caseName, "pred", pl, pn, tl, shape, affine, "true_positive", "false_positive", uncertainty)];
    }

    private static IEnumerable<LesionRow> Rows(string caseName, string mask, int[] labels, int count, int[] other, Shape3 shape, Affine affine, string hit, string miss,
                                               float[]? uncertainty)
    {
        var uncertaintySum = new double[count + 1];
        var voxels = new long[count + 1];
        var sums = new double[count + 1, 3];
        var overlaps = Enumerable.Range(0, count + 1).Select(_ => new SortedSet<int>()).ToArray();
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    long n = shape.Index(i, j, k);
                    int id = labels[n];
                    if (id == 0) continue;
                    voxels[id]++;
                    sums[id, 0] += i;
                    sums[id, 1] += j;
                    sums[id, 2] += k;
                    if (other[n] != 0) overlaps[id].Add(other[n]);
                    if (uncertainty is not null) uncertaintySum[id] += uncertainty[n];
                }
        double voxelMm3 = Math.Abs(affine.Linear.Determinant);
        for (int id = 1; id <= count; id++)
        {
            var centroid = affine.Apply(sums[id, 0] / voxels[id], sums[id, 1] / voxels[id], sums[id, 2] / voxels[id]);
            yield return new LesionRow(caseName, mask, id, voxels[id] * voxelMm3, centroid, overlaps[id].Count > 0 ? hit : miss, [.. overlaps[id]])
            {
                MeanUncertainty = uncertainty is null ? null : uncertaintySum[id] / voxels[id],
            };
        }
    }

    /// <summary>With uncertainty, a last column mean_uncertainty (empty for truth lesions).</summary>
    public static void Write(string path, IReadOnlyList<LesionRow> rows) => AtomicFile.Write(path, stream =>
    {
        using var w = new StreamWriter(stream);
        bool uncertainty = rows.Any(r => r.MeanUncertainty is not null);
        w.WriteLine(Header + (uncertainty ? ",mean_uncertainty" : ""));
        foreach (var r in rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Case},{r.Mask},{r.Id},{r.VolumeMm3:0.###},{r.Centroid.X:0.###},{r.Centroid.Y:0.###},{r.Centroid.Z:0.###},{r.Status},{string.Join(';', r.Overlaps)}") +
                (uncertainty ? string.Create(CultureInfo.InvariantCulture, $",{r.MeanUncertainty:0.######}") : ""));
    });
}
