using NativeSeg.Evaluation.Challenges;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Tests.Evaluation;

[Collection("Console")]
public class ErrorRetentionTests
{
    private static double F(int i) => Math.Log(i) / Math.Log(200);

    /// <summary>
    /// Four voxels, truth 1 0 1 0, prediction 1 1 0 0, uncertainty 0.1 0.9 0.8 0.2: most certain first they are
    /// v0 (TP), v3 (TN), v2 (FN), v1 (FP). Keeping ⌊4f⌋ of them and replacing the rest by the truth, nDSC is 1 while the
    /// FN is still replaced (⌊4f⌋ ≤ 2: f &lt; 0.75, i ≤ 53), 2/3 with the FN kept (i = 54..199) and, with the FP too
    /// (i = 200), 2·1 / (k·1 + 2 + 1) with k = 0.999·2 / (0.001·2) = 999.
    /// </summary>
    [Fact]
    public void TheCurveAndItsAreaMatchAHandComputation()
    {
        bool[] truth = [true, false, true, false], pred = [true, true, false, false];
        float[] uncertainty = [0.1f, 0.9f, 0.8f, 0.2f];
        var curve = ErrorRetention.Curve(truth, pred, uncertainty);
        double last = 2.0 / (999 + 2 + 1);
        Assert.Equal(200, curve.Length);
        Assert.All(curve.Take(53), v => Assert.Equal(1.0, v, 12));
        Assert.All(curve.Skip(53).Take(146), v => Assert.Equal(2.0 / 3, v, 12));
        Assert.Equal(last, curve[199], 12);
        double area = (F(53) - F(1)) * 1 + (F(54) - F(53)) * (1 + 2.0 / 3) / 2 + (F(199) - F(54)) * 2.0 / 3 + (F(200) - F(199)) * (2.0 / 3 + last) / 2;
        Assert.Equal(1 - area, ErrorRetention.RAuc(curve), 12);

        // An uncertainty that ranks both errors last does better (lower R-AUC) than one that ranks them first.
        var good = ErrorRetention.RAuc(ErrorRetention.Curve(truth, pred, [0.1f, 0.9f, 0.8f, 0.2f]));
        var bad = ErrorRetention.RAuc(ErrorRetention.Curve(truth, pred, [0.9f, 0.1f, 0.2f, 0.8f]));
        Assert.True(good < bad, $"{good} vs {bad}");
    }

    [Fact]
    public void EvaluateWithUncertaintyAddsRAucTheCurveAndLesionUncertainty()
    {
        using var dir = new TempFolder();
        var shape = new Shape3(8, 8, 2);
        var reference = new Volume(shape, new float[shape.Count], Spacing.Isotropic(1), Affine.Diagonal(Spacing.Isotropic(1)));
        foreach (var d in new[] { "truth", "pred", "unc" }) Directory.CreateDirectory(dir.File(d));
        var truth = new byte[shape.Count];
        var pred = new byte[shape.Count];
        var unc = new float[shape.Count];
        truth[shape.Index(1, 1, 0)] = truth[shape.Index(1, 2, 0)] = 1;
        pred[shape.Index(1, 1, 0)] = 1;
        pred[shape.Index(6, 6, 1)] = 1;   // a false-positive lesion, uncertain
        unc[shape.Index(6, 6, 1)] = 0.6f;
        unc[shape.Index(1, 2, 0)] = 0.5f;
        NiftiWriter.WriteMask(reference, truth, dir.File("truth/c1.nii.gz"));
        NiftiWriter.WriteMask(reference, pred, dir.File("pred/c1.nii.gz"));
        NiftiWriter.Write(reference.WithVoxels(unc), dir.File("unc/c1_uncertainty.nii.gz"), NiftiDataType.Float32);
        var (code, _, stderr) = CliCapture.Run("evaluate", "--pred", dir.File("pred"), "--truth", dir.File("truth"), "--preset", "shifts2022",
            "--uncertainty", dir.File("unc"), "--lesions", dir.File("lesions.csv"), "--out", dir.File("r.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("shifts_r_auc", File.ReadLines(dir.File("r.csv")).First());
        var row = NativeSeg.Evaluation.ResultsCsv.Read(dir.File("r.csv")).Single();
        Assert.Equal(ErrorRetention.RAuc(ErrorRetention.Curve(truth.Select(v => v == 1).ToArray(), pred.Select(v => v == 1).ToArray(), unc)), row["shifts_r_auc"]!.Value, 9);
        Assert.True(File.Exists(dir.File("r_retention.png")) && File.Exists(dir.File("r_retention.csv")));
        var lesions = File.ReadAllLines(dir.File("lesions.csv"));
        Assert.EndsWith(",mean_uncertainty", lesions[0]);
        Assert.Contains(lesions, l => l.StartsWith("c1,pred,") && l.Contains("false_positive") && l.EndsWith(",0.6"));
        Assert.Contains(lesions, l => l.StartsWith("c1,truth,") && l.EndsWith(","));

        // The ensemble's disagreement as the uncertainty: the mutual-information maps.
        File.Copy(dir.File("unc/c1_uncertainty.nii.gz"), dir.File("unc/c1_mutual-information.nii.gz"));
        File.Delete(dir.File("unc/c1_uncertainty.nii.gz"));
        var (mi, _, miError) = CliCapture.Run("evaluate", "--pred", dir.File("pred"), "--truth", dir.File("truth"), "--preset", "shifts2022",
            "--uncertainty", dir.File("unc"), "--uncertainty-kind", "mutual-information", "--out", dir.File("mi.csv"));
        Assert.True(mi == 0, miError);
        Assert.Equal(row["shifts_r_auc"], NativeSeg.Evaluation.ResultsCsv.Read(dir.File("mi.csv")).Single()["shifts_r_auc"]);
        var (missing, _, missingError) = CliCapture.Run("evaluate", "--pred", dir.File("pred"), "--truth", dir.File("truth"), "--preset", "shifts2022",
            "--uncertainty", dir.File("unc"), "--out", dir.File("none.csv"));
        Assert.Equal(1, missing);
        Assert.Contains("c1_uncertainty.nii.gz: no uncertainty map", missingError);
    }
}
