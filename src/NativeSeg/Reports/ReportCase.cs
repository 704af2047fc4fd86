using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Reports;

/// <summary>One case of a report: its files, and each model's metrics on it (in the input's model order).</summary>
public sealed record ReportCase(string Name, string Group, string Image, string Truth, IReadOnlyList<string> Predictions, IReadOnlyList<CaseResult> Results)
{
    /// <summary>
    /// The truth folder's cases, each with its image and every model's mask; a missing file is named in one error. Metrics
    /// come from <see cref="FolderEvaluation"/>, so the table shows what `evaluate` writes.
    /// </summary>
    public static IReadOnlyList<ReportCase> Collect(ReportInput input, IReadOnlyList<IReadOnlyList<CaseResult>> results)
    {
        var cases = new List<ReportCase>();
        var first = results[0];
        for (int c = 0; c < first.Count; c++)
        {
            string name = first[c].Case;
            string image = Existing(input.ImagesDir, NnUNetNames.ImageFile(name)[..^NnUNetNames.Extension.Length], "image");
            string truth = Existing(input.TruthDir, name, "truth mask");
            var predictions = input.Models.Select(m => Existing(m.PredictionsDir, name, $"{m.Name} prediction")).ToList();
            cases.Add(new ReportCase(name, first[c].Group, image, truth, predictions, results.Select(r => r.Single(x => x.Case == name)).ToList()));
        }
        return cases;
    }

    private static string Existing(string dir, string stem, string what) =>
        NnUNetNames.FindNifti(dir, stem) ?? throw new FileNotFoundException($"{Path.Combine(dir, stem)}.nii.gz: no {what} for case {stem}");

    /// <summary>
    /// Where the viewer opens: the centre of the largest truth lesion (else of the largest predicted one, else of the
    /// volume), as voxel indices of the file.
    /// </summary>
    public static int[] Focus(Shape3 shape, IEnumerable<bool[]> masks)
    {
        foreach (var mask in masks)
        {
            var (labels, count) = ConnectedComponents.Label26(mask, shape);
            if (count == 0) continue;
            var sizes = new long[count + 1];
            foreach (int l in labels) sizes[l]++;
            int largest = 1;
            for (int l = 2; l <= count; l++) if (sizes[l] > sizes[largest]) largest = l;
            double x = 0, y = 0, z = 0;
            for (int k = 0, n = 0; k < shape.Z; k++)
                for (int j = 0; j < shape.Y; j++)
                    for (int i = 0; i < shape.X; i++, n++)
                        if (labels[n] == largest) { x += i; y += j; z += k; }
            return [(int)Math.Round(x / sizes[largest]), (int)Math.Round(y / sizes[largest]), (int)Math.Round(z / sizes[largest])];
        }
        return [shape.X / 2, shape.Y / 2, shape.Z / 2];
    }
}
