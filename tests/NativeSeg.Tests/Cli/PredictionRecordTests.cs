using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Cli;

/// <summary>
/// A prediction names its model (header description and sidecar); predicting again skips what the same model and
/// settings made, and replaces another model's outputs only with --overwrite.
/// </summary>
[Collection("Console")]
public class PredictionRecordTests
{
    private static (int Code, string Stdout, string Stderr) Predict(string model, string input, string output, params string[] extra) =>
        CliCapture.Run(["predict", "--model", model, "--input", input, "--output", output, "--patch", "8", .. extra]);

    [Fact]
    public void APredictionNamesItsModelAndIsNotRepeatedOrSilentlyReplaced()
    {
        using var tmp = new TempFolder();
        string unet = PredictCommandTests.TinyModel(tmp);
        string other = PredictCommandTests.TinyModel(tmp, ModelKind.UNet1mm);
        Directory.CreateDirectory(tmp.File("in"));
        InferenceFiles.Write(tmp.File("in/a_0000.nii.gz"), new Shape3(12, 10, 8));
        InferenceFiles.Write(tmp.File("in/b_0000.nii.gz"), new Shape3(10, 10, 8));

        var (code, _, stderr) = Predict(unet, tmp.File("in"), tmp.File("out"));
        Assert.True(code == 0, stderr);
        var record = PredictionRecord.Read(tmp.File("out/a.nii.gz"))!;
        Assert.Equal(("model-unet", "unet", ProductVersion.Short), (record.Model, record.Architecture, record.NativeSeg));
        Assert.Equal(32, record.ModelHash.Length);
        Assert.Equal(record.Description, NiftiReader.ReadHeader(tmp.File("out/a.nii.gz")).Description);
        Assert.StartsWith($"nativeseg {ProductVersion.Short} unet model ", record.Description);
        var before = File.ReadAllBytes(tmp.File("out/a.nii.gz"));
        var written = File.GetLastWriteTimeUtc(tmp.File("out/a.nii.gz"));

        string stdout;
        (code, stdout, stderr) = Predict(unet, tmp.File("in"), tmp.File("out"));
        Assert.True(code == 0, stderr);
        Assert.Contains("a: already predicted by this model with these settings", stdout);
        Assert.Contains("b: already predicted by this model with these settings", stdout);
        Assert.Equal(written, File.GetLastWriteTimeUtc(tmp.File("out/a.nii.gz")));

        (code, _, stderr) = Predict(other, tmp.File("in"), tmp.File("out"));
        Assert.Equal(1, code);
        Assert.Equal($"error: {tmp.File("out/a.nii.gz")}: holds a prediction made by another model (model-unet, {record.ModelHash[..12]}); add --overwrite to replace it, or choose another --output",
            stderr.Trim());
        Assert.Equal(before, File.ReadAllBytes(tmp.File("out/a.nii.gz")));

        (code, _, stderr) = Predict(unet, tmp.File("in"), tmp.File("out"), "--overlap", "0.25");
        Assert.Equal(1, code);
        Assert.Contains("holds a prediction made with other settings (sliding window 8^3, step 0.5)", stderr);

        (code, _, stderr) = Predict(other, tmp.File("in"), tmp.File("out"), "--overwrite");
        Assert.True(code == 0, stderr);
        Assert.Equal("unet-1mm", PredictionRecord.Read(tmp.File("out/b.nii.gz"))!.Architecture);
    }

    /// <summary>A mask without a record (an older version's, or a user's own) is not replaced silently either.</summary>
    [Fact]
    public void AMaskOfUnknownOriginIsKept()
    {
        using var tmp = new TempFolder();
        string unet = PredictCommandTests.TinyModel(tmp);
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(12, 10, 8));
        File.WriteAllText(tmp.File("seg.nii.gz"), "a user's file");
        var (code, _, stderr) = Predict(unet, tmp.File("scan.nii.gz"), tmp.File("seg.nii.gz"));
        Assert.Equal(1, code);
        Assert.Contains("with no record of the model that made it; add --overwrite", stderr);
        Assert.Equal("a user's file", File.ReadAllText(tmp.File("seg.nii.gz")));
    }
}

/// <summary>--overwrite is what lets a writer replace an earlier output; the refusal without it is in the hostile corpus.</summary>
[Collection("Console")]
public class OverwriteTests
{
    [Fact]
    public void EvaluateReplacesItsEarlierResultsOnlyWithOverwrite()
    {
        using var tmp = new TempFolder();
        var grid = new Shape3(6, 5, 4);
        var reference = new Volume(grid, new float[grid.Count], Spacing.Isotropic(1), Affine.Diagonal(Spacing.Isotropic(1)));
        var mask = new byte[grid.Count];
        mask[grid.Index(1, 1, 1)] = 1;
        Directory.CreateDirectory(tmp.File("truth"));
        Directory.CreateDirectory(tmp.File("pred"));
        NiftiWriter.WriteMask(reference, mask, tmp.File("truth/a.nii.gz"));
        NiftiWriter.WriteMask(reference, mask, tmp.File("pred/a.nii.gz"));
        File.WriteAllText(tmp.File("results.csv"), "earlier");
        var (code, _, stderr) = CliCapture.Run("evaluate", "--pred", tmp.File("pred"), "--truth", tmp.File("truth"), "--out", tmp.File("results.csv"));
        Assert.Equal((1, $"error: {tmp.File("results.csv")}: exists already; add --overwrite to replace it"), (code, stderr.Trim()));
        (code, _, stderr) = CliCapture.Run("evaluate", "--pred", tmp.File("pred"), "--truth", tmp.File("truth"), "--out", tmp.File("results.csv"), "--overwrite");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("case,", File.ReadAllText(tmp.File("results.csv")));
    }
}
