using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class SpeedcurveCommandTests
{
    [Fact]
    public void TabulatesAndPlotsDiceAndSecondsPerInferenceGrid()
    {
        using var tmp = new TempFolder();
        string model = PredictCommandTests.TinyModel(tmp, ModelKind.RaUNet);
        BlobDataset.Write(tmp.File("data"), 1, new Shape3(16, 16, 8), new Spacing(0.5, 0.5, 1));
        BlobDataset.Write(tmp.File("data"), 2, new Shape3(16, 16, 8), new Spacing(0.5, 0.5, 1), firstCase: 1, split: "Ts");
        var (code, stdout, stderr) = CliCapture.Run("speedcurve", "--model", model, "--data", tmp.File("data"), "--out", tmp.File("curve"), "--grids", "native; 1");
        Assert.True(code == 0, stderr);
        Assert.Contains("| native | ", stdout);
        Assert.Contains("| 1x1x1 mm | ", stdout);
        Assert.Contains("2 labelled case(s)", stdout);
        var csv = File.ReadAllLines(tmp.File("curve/speedcurve.csv"));
        Assert.Equal("grid,dice_mean,dice_sd,seconds_per_case,speedup", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.EndsWith(",1", csv[1]);   // the first grid is the reference of the speed-up
        Assert.True(new FileInfo(tmp.File("curve/speedcurve.png")).Length > 1000);

        var (refused, _, error) = CliCapture.Run("speedcurve", "--model", PredictCommandTests.TinyModel(tmp), "--data", tmp.File("data"), "--out", tmp.File("u"));
        Assert.Equal(1, refused);
        Assert.Contains("only a resolution-adaptive model", error);

        // --groups takes the test cases of those cases.tsv groups (BlobDataset's group is "all")
        Assert.Contains("2 labelled case(s)", CliCapture.Run("speedcurve", "--model", model, "--data", tmp.File("data"), "--out", tmp.File("g"), "--grids", "native", "--groups", "all").Out);
        (refused, _, error) = CliCapture.Run("speedcurve", "--model", model, "--data", tmp.File("data"), "--out", tmp.File("g2"), "--groups", "2d");
        Assert.Equal(1, refused);
        Assert.Contains("--groups 2d: no test case", error);
    }
}
