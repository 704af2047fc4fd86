using NativeSeg.Imaging.Nifti;
using System.Text.Json;
using NativeSeg.Data;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class SynthCommandTests
{
    /// <summary>
    /// `nativeseg synth` writes the nnU-Net raw layout, cases.tsv and sidecars; a second run with the same seed
    /// that generates only the first case reproduces its files byte for byte.
    /// </summary>
    [Fact]
    public void SynthWritesAValidLayoutAndIsDeterministic()
    {
        using var tmp = new TempFolder();
        string a = tmp.File("a"), b = tmp.File("b");
        var (code, stdout, stderr) = CliCapture.Run("synth", "--out", a, "--preset", "tiny", "--clusters", "3d-1mm,2d",
            "--subjects", "1", "--test-subjects", "1", "--fov", "24,24,24", "--seed", "3", "--preview");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 2 training and 2 test cases", stdout);
        Assert.Contains("24x24x24 mm box", stdout);

        var dataset = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "dataset.json"))).RootElement;
        Assert.Equal(2, dataset.GetProperty("numTraining").GetInt32());
        Assert.Equal(".nii.gz", dataset.GetProperty("file_ending").GetString());
        Assert.Equal(1, dataset.GetProperty("labels").GetProperty("lesion").GetInt32());
        Assert.Equal("FLAIR", dataset.GetProperty("channel_names").GetProperty("0").GetString());
        Assert.Contains("Louis Collins", dataset.GetProperty("licence").GetString());

        var cases = CaseTable.Read(Path.Combine(a, CaseTable.FileName));
        Assert.Equal(new[] { "case_0000", "case_0001", "case_0002", "case_0003" }, cases.Select(c => c.Case));
        Assert.Equal(new[] { "3d-1mm", "2d", "3d-1mm", "2d" }, cases.Select(c => c.Group));
        foreach (var c in cases)
        {
            bool train = c.Case is "case_0000" or "case_0001";
            var image = NiftiReader.Read(Path.Combine(a, train ? "imagesTr" : "imagesTs", $"{c.Case}_0000.nii.gz"));
            var label = NiftiReader.Read(Path.Combine(a, train ? "labelsTr" : "labelsTs", $"{c.Case}.nii.gz"));
            Assert.Equal(image.Shape, label.Shape);
            Assert.True(image.Affine.MaxAbsDifference(label.Affine) < 1e-5);
            Assert.True(image.Spacing.ApproximatelyEquals(c.Spacing, 1e-3), $"{image.Spacing} vs {c.Spacing}");
            Assert.All(label.Voxels, v => Assert.True(v is 0 or 1));
            Assert.True(c.LesionCount >= 1 && c.LesionMl > 0, $"{c.Case}: {c.LesionCount} lesions, {c.LesionMl} mL");
            Assert.True(File.Exists(Path.Combine(a, "sidecars", $"{c.Case}.json")));
            Assert.True(new FileInfo(Path.Combine(a, "previews", $"{c.Case}.png")).Length > 1000);
            if (c.Group == "2d") Assert.True(c.Spacing.Z >= 3);
            else Assert.InRange(c.Spacing.X, 0.96, 1.04);
        }

        (code, _, stderr) = CliCapture.Run("synth", "--out", b, "--preset", "tiny", "--clusters", "3d-1mm",
            "--subjects", "1", "--test-subjects", "0", "--fov", "24,24,24", "--seed", "3");
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "imagesTr", "case_0000_0000.nii.gz")), File.ReadAllBytes(Path.Combine(b, "imagesTr", "case_0000_0000.nii.gz")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "labelsTr", "case_0000.nii.gz")), File.ReadAllBytes(Path.Combine(b, "labelsTr", "case_0000.nii.gz")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "sidecars", "case_0000.json")), File.ReadAllBytes(Path.Combine(b, "sidecars", "case_0000.json")));
    }

    [Fact]
    public void SynthRejectsBadOptionsWithOneLine()
    {
        using var tmp = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("synth", "--out", tmp.File("x"), "--preset", "huge");
        Assert.Equal(1, code);
        Assert.Contains("preset 'huge'", stderr);
        (code, _, stderr) = CliCapture.Run("synth", "--out", tmp.File("x"), "--spacing", "1,1,3", "--plane", "oblique");
        Assert.Equal(1, code);
        Assert.Contains("plane 'oblique'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        (code, _, stderr) = CliCapture.Run("synth", "--out", tmp.File("x"), "--fov", "64,64");
        Assert.Equal(1, code);
        Assert.Contains("--fov '64,64'", stderr);
        (code, _, stderr) = CliCapture.Run("synth", "--out", tmp.File("x"), "--tilt", "15");
        Assert.Equal((1, "error: --tilt: needs --spacing (the grid to tilt)"), (code, stderr.Trim()));
        (code, _, stderr) = CliCapture.Run("synth", "--out", tmp.File("x"), "--spacing", "1,1,3", "--tilt", "15,5,1");
        Assert.Equal(1, code);
        Assert.Contains("--tilt '15,5,1'", stderr);
        Assert.False(Directory.Exists(tmp.File("x")));
    }
}
