using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Data;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;
using SkiaSharp;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class EvaluationCommandTests
{
    private static readonly Shape3 Grid = new(10, 10, 3);

    private static Volume Blank(Spacing s) => new(Grid, new float[Grid.Count], s, Affine.Diagonal(s));

    private static void WriteMask(Volume reference, string path, params (int I, int J, int K)[] on)
    {
        var v = new byte[Grid.Count];
        foreach (var (i, j, k) in on) v[Grid.Index(i, j, k)] = 1;
        NiftiWriter.WriteMask(reference, v, path);
    }

    [Fact]
    public void EvaluateWritesOneRowPerCaseWithGroupsAndKnownDice()
    {
        using var dir = new TempFolder();
        var truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var pred = Directory.CreateDirectory(dir.File("pred")).FullName;
        var reference = Blank(new Spacing(1, 1, 3));
        // case a: truth 2 voxels, pred 1 of them -> Dice 2*1/(2+1)
        WriteMask(reference, Path.Combine(truth, "a.nii.gz"), (1, 1, 1), (1, 2, 1));
        WriteMask(reference, Path.Combine(pred, "a.nii.gz"), (1, 1, 1));
        // case b: both empty -> Dice 1, HD95 undefined
        WriteMask(reference, Path.Combine(truth, "b.nii.gz"));
        WriteMask(reference, Path.Combine(pred, "b.nii.gz"));
        CaseTable.Write(dir.File("cases.tsv"), [new CaseInfo("a", "2d", "axial", reference.Spacing), new CaseInfo("b", "3d-1mm", "axial", reference.Spacing)]);

        var (code, stdout, stderr) = CliCapture.Run("evaluate", "--pred", pred, "--truth", truth, "--cases", dir.File("cases.tsv"), "--out", dir.File("r.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("both empty", stdout);
        var rows = ResultsCsv.Read(dir.File("r.csv"));
        Assert.Equal(["a", "b"], rows.Select(r => r.Case));
        Assert.Equal(["2d", "3d-1mm"], rows.Select(r => r.Group));
        Assert.Equal(2.0 / 3, rows[0]["dice"]!.Value, 12);
        Assert.Equal(2 * 3 / 1000.0, rows[0]["volume_truth_ml"]!.Value, 12);
        Assert.Equal(1.0, rows[1]["dice"]);
        Assert.Null(rows[1]["hd95_mm"]);
    }

    [Fact]
    public void EvaluatePresetWritesTheChallengesColumnsAndReadsWmhOtherPathology()
    {
        using var dir = new TempFolder();
        var truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var pred = Directory.CreateDirectory(dir.File("pred")).FullName;
        var reference = Blank(Spacing.Isotropic(1));
        // Truth: a 2-voxel lesion (label 1) and one voxel of other pathology (label 2), which the prediction also covers.
        var labels = new float[Grid.Count];
        labels[Grid.Index(1, 1, 1)] = labels[Grid.Index(1, 2, 1)] = 1;
        labels[Grid.Index(5, 5, 1)] = 2;
        NiftiWriter.Write(reference.WithVoxels(labels), Path.Combine(truth, "a.nii.gz"), NiftiDataType.UInt8);
        WriteMask(reference, Path.Combine(pred, "a.nii.gz"), (1, 1, 1), (5, 5, 1));

        var (code, stdout, stderr) = CliCapture.Run("evaluate", "--pred", pred, "--truth", truth, "--preset", "wmh2017", "--out", dir.File("r.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("wmh2017 definitions", stdout);
        var row = ResultsCsv.Read(dir.File("r.csv")).Single();
        Assert.Equal(["wmh_dice", "wmh_hd95_mm", "wmh_avd_pct", "wmh_lesion_recall", "wmh_lesion_f1"], row.Values.Keys);
        Assert.Equal(2.0 / 3, row["wmh_dice"]!.Value, 12);     // the label-2 voxel is not a false positive
        Assert.Equal(50.0, row["wmh_avd_pct"]!.Value, 12);
        Assert.Equal(1.0, row["wmh_lesion_f1"]);

        (code, _, stderr) = CliCapture.Run("evaluate", "--pred", pred, "--truth", truth, "--preset", "brats", "--out", dir.File("s.csv"));
        Assert.Equal((1, "error: --preset 'brats': expected msseg2016, isbi2015, wmh2017 or shifts2022"), (code, stderr.Trim()));
        Assert.False(File.Exists(dir.File("s.csv")));
    }

    [Fact]
    public void EvaluateNamesMissingPredictions()
    {
        using var dir = new TempFolder();
        var truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var pred = Directory.CreateDirectory(dir.File("pred")).FullName;
        var reference = Blank(Spacing.Isotropic(1));
        WriteMask(reference, Path.Combine(truth, "sub01.nii.gz"), (1, 1, 1));
        WriteMask(reference, Path.Combine(truth, "sub02.nii.gz"), (1, 1, 1));
        WriteMask(reference, Path.Combine(pred, "sub01.nii.gz"), (1, 1, 1));
        var (code, _, stderr) = CliCapture.Run("evaluate", "--pred", pred, "--truth", truth, "--out", dir.File("r.csv"));
        Assert.Equal(1, code);
        Assert.Contains("sub02", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("r.csv")));
    }

    [Fact]
    public void CaseNamesEndingInFourDigitsAreCasesNotChannels()
    {
        // synth names its cases case_0014: the label case_0014.nii.gz must not be read as channel 14 of "case"
        using var dir = new TempFolder();
        var truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var pred = Directory.CreateDirectory(dir.File("pred")).FullName;
        var reference = Blank(Spacing.Isotropic(1));
        WriteMask(reference, Path.Combine(truth, "case_0014.nii.gz"), (1, 1, 1));
        WriteMask(reference, Path.Combine(truth, "case_0015.nii.gz"), (2, 2, 2));
        WriteMask(reference, Path.Combine(pred, "case_0014.nii.gz"), (1, 1, 1));
        WriteMask(reference, Path.Combine(pred, "case_0015_0000.nii.gz"), (2, 2, 2), (3, 3, 2));   // image-style name still matches
        var rows = FolderEvaluation.Run(pred, truth);
        Assert.Equal(["case_0014", "case_0015"], rows.Select(r => r.Case));
        Assert.Equal(1.0, rows[0]["dice"]);
        Assert.Equal(2.0 / 3, rows[1]["dice"]!.Value, 12);
    }

    [Fact]
    public void CompareStarsTheModelThatIsBetterOnEveryPairedCase()
    {
        using var dir = new TempFolder();
        var rng = new Random(5);
        var cases = Enumerable.Range(0, 12).Select(i => $"c{i:00}").ToArray();
        double[] baseDice = cases.Select(_ => 0.5 + 0.2 * rng.NextDouble()).ToArray();
        string Write(string name, Func<int, double> dice)
        {
            var rows = cases.Select((c, i) => new CaseResult(c, "2d", new Dictionary<string, double?> { ["dice"] = dice(i) })).ToList();
            ResultsCsv.Write(dir.File(name + ".csv"), rows);
            return dir.File(name + ".csv");
        }
        var a = Write("ra", i => baseDice[i] + 0.05 + 0.001 * i);
        var b = Write("unet", i => baseDice[i] - 0.01 * (i % 3));
        var c = Write("unet1mm", i => baseDice[i] + (i % 2 == 0 ? 0.02 : -0.02));

        var comparison = new ModelComparison([("ra", ResultsCsv.Read(a)), ("unet", ResultsCsv.Read(b)), ("unet1mm", ResultsCsv.Read(c))]);
        var ab = comparison.Comparisons.Single(x => x.A == "ra" && x.B == "unet");
        Assert.Equal(12, ab.N);
        Assert.Equal(0, ab.Statistic);
        Assert.Equal(2.0 / 4096, ab.P, 15);                 // all 12 differences positive: 2 / 2^12
        Assert.Equal(3 * 2.0 / 4096, ab.PBonferroni, 15);   // 3 pairs x 1 group
        Assert.True(comparison.Cell("2d", "ra").SignificantlyBest);
        Assert.False(comparison.Cell("2d", "unet").SignificantlyBest);

        var (code, stdout, stderr) = CliCapture.Run("compare", "--results", a, b, c, "--names", "ra,unet,unet1mm");
        Assert.True(code == 0, stderr);
        Assert.Contains("| ra | **", stdout);
        Assert.Contains(")** *", stdout);
        using var png = SKBitmap.Decode(dir.File("boxplot_dice.png"));
        Assert.True(png.Width > 100 && png.Height > 100);

        // Only the named pair is tested: one row of tests, no Bonferroni factor beyond it, and no star.
        (code, stdout, stderr) = CliCapture.Run("compare", "--results", a, b, c, "--names", "ra,unet,unet1mm", "--pair", "ra,unet1mm", "--pairs");
        Assert.True(code == 0, stderr);
        Assert.Contains("| 2d | ra vs unet1mm | 12 |", stdout);
        Assert.DoesNotContain("ra vs unet |", stdout);
        Assert.Contains("p x 1 (Bonferroni)", stdout);
        Assert.DoesNotContain(")** *", stdout);
        (code, _, stderr) = CliCapture.Run("compare", "--results", a, b, "--pair", "ra");
        Assert.Equal((1, "error: --pair 'ra': expected two model names, A,B"), (code, stderr.Trim()));
    }

    [Fact]
    public void OverlayPaintsTruePositivesBlueFalseNegativesGreenFalsePositivesRed()
    {
        using var dir = new TempFolder();
        var s = new Spacing(1, 1, 3);
        var image = Blank(s).WithVoxels(Enumerable.Range(0, (int)Grid.Count).Select(n => 100f + n % 7).ToArray());
        NiftiWriter.Write(image, dir.File("img.nii.gz"));
        WriteMask(image, dir.File("t.nii.gz"), (2, 2, 1), (5, 5, 1));
        WriteMask(image, dir.File("p.nii.gz"), (2, 2, 1), (7, 2, 1));
        var (code, stdout, stderr) = CliCapture.Run("overlay", "--image", dir.File("img.nii.gz"), "--truth", dir.File("t.nii.gz"),
                                                    "--pred", dir.File("p.nii.gz"), "--out", dir.File("o.png"));
        Assert.True(code == 0, stderr);
        Assert.Contains("axial slice 1,", stdout);   // thick axis k points S: axial acquisition; the slice with the truth
        using var png = SKBitmap.Decode(dir.File("o.png"));
        Assert.Equal(480, png.Width);
        Assert.Equal(28 + 480 + 28, png.Height);   // heading, the slice, legend
        SKColor At(int i, int j) => png.GetPixel(i * 48 + 24, 28 + 479 - (j * 48 + 24));   // 48 px per mm, anterior up
        Assert.Equal(OverlayRenderer.TruePositive, png.GetPixel(6 + 7, 28 + 480 + 15));   // the legend's first swatch
        Assert.Equal(SKColors.Black, png.GetPixel(470, 5));   // the heading is text on black, not image
        Assert.Equal(OverlayRenderer.TruePositive, At(2, 2));
        Assert.Equal(OverlayRenderer.FalseNegative, At(5, 5));
        Assert.Equal(OverlayRenderer.FalsePositive, At(7, 2));
        var grey = At(0, 0);
        Assert.True(grey.Red == grey.Green && grey.Green == grey.Blue);
    }

    [Fact]
    public void OverlayKeepsThePhysicalAspectRatio()
    {
        var s = new Spacing(0.5, 0.5, 4);
        var image = Blank(s);
        var truth = new bool[Grid.Count];
        // coronal view of an axial-acquired grid: width along i (10 x 0.5 mm), height along k (3 x 4 mm)
        using var bitmap = OverlayRenderer.Render(image, truth, [new OverlayRenderer.Panel("", truth)], normal: 1, slice: 4);
        Assert.Equal(5.0 / 12.0, (double)bitmap.Width / bitmap.Height, 2);
    }

    [Fact]
    public void ProbabilityMapsLabelsAndNaNAreRefusedUnlessToldHowToBinarize()
    {
        using var dir = new TempFolder();
        var truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var pred = Directory.CreateDirectory(dir.File("pred")).FullName;
        var reference = Blank(Spacing.Isotropic(1));
        WriteMask(reference, Path.Combine(truth, "a.nii.gz"), (1, 1, 1), (1, 2, 1));
        var probabilities = new float[Grid.Count];
        probabilities[Grid.Index(1, 1, 1)] = 0.9f;
        probabilities[Grid.Index(1, 2, 1)] = 0.4f;
        NiftiWriter.Write(new Volume(Grid, probabilities, reference.Spacing, reference.Affine), Path.Combine(pred, "a.nii.gz"), NiftiDataType.Float32);
        string[] common = ["evaluate", "--pred", pred, "--truth", truth, "--out", dir.File("r.csv"), "--overwrite"];   // each run replaces the last one's results

        var (code, _, stderr) = CliCapture.Run(common);
        Assert.Equal(1, code);
        Assert.Contains("value 0.9 at voxel", stderr);
        Assert.Contains("--threshold", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("r.csv")));

        Assert.Equal(0, CliCapture.Run([.. common, "--threshold", "0.5"]).Code);
        Assert.Equal(2.0 / 3, ResultsCsv.Read(dir.File("r.csv"))[0]["dice"]!.Value, 12);
        Assert.Equal(0, CliCapture.Run([.. common, "--threshold", "0.3"]).Code);
        Assert.Equal(1.0, ResultsCsv.Read(dir.File("r.csv"))[0]["dice"]!.Value, 12);

        var labels = new float[Grid.Count];
        labels[Grid.Index(1, 1, 1)] = 2;
        labels[Grid.Index(5, 5, 1)] = 1;
        NiftiWriter.Write(new Volume(Grid, labels, reference.Spacing, reference.Affine), Path.Combine(pred, "a.nii.gz"), NiftiDataType.Float32);
        Assert.Equal(1, CliCapture.Run(common).Code);
        Assert.Equal(0, CliCapture.Run([.. common, "--label", "2"]).Code);
        Assert.Equal(0.001, ResultsCsv.Read(dir.File("r.csv"))[0]["volume_pred_ml"]!.Value, 12);   // the one voxel labelled 2
        labels[Grid.Index(1, 1, 1)] = float.NaN;
        NiftiWriter.Write(new Volume(Grid, labels, reference.Spacing, reference.Affine), Path.Combine(pred, "a.nii.gz"), NiftiDataType.Float32);
        (code, _, stderr) = CliCapture.Run([.. common, "--threshold", "0.5"]);
        Assert.Equal(1, code);
        Assert.Contains("NaN", stderr);
        Assert.Equal(1, CliCapture.Run([.. common, "--threshold", "0.5", "--label", "1"]).Code);
    }
}
