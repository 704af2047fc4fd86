using NativeSeg.Evaluation;
using NativeSeg.Evaluation.Challenges;
using SkiaSharp;

namespace NativeSeg.Tests.Evaluation;

[Collection("Console")]
public class RetentionComparisonTests
{
    private static double[] Constant(double value) => [.. ErrorRetention.Fractions.Select(_ => value)];

    /// <summary>A model's curve written by evaluate's own writer; a flat curve at c has area c, so R-AUC 1 - c.</summary>
    private static string Written(TempFolder dir, string name, params double[][] cases)
    {
        RetentionPlot.Write(dir.File(name + "_retention.png"), dir.File(name + "_retention.csv"), [.. cases.Select((c, i) => ($"case{i}", c))]);
        return dir.File(name + "_retention.csv");
    }

    [Fact]
    public void TheMeanCurvesAreaIsTheMeanOfTheCasesAndTheLowestIsBold()
    {
        using var dir = new TempFolder();
        var rising = ErrorRetention.Fractions.Select(f => 0.5 + 0.5 * f).ToArray();   // area 0.75
        var single = RetentionComparison.Read(Written(dir, "single", Constant(0.6), Constant(0.8)), "single");
        var ensemble = RetentionComparison.Read(Written(dir, "ensemble", rising, Constant(0.9)), "ensemble");
        Assert.Equal(0.3, single.RAuc, 5);                 // 1 - (0.6 + 0.8) / 2
        Assert.Equal(1 - (0.75 + 0.9) / 2, ensemble.RAuc, 5);
        Assert.Equal((ErrorRetention.RAuc(rising) + ErrorRetention.RAuc(Constant(0.9))) / 2, ensemble.RAuc, 5);
        string table = RetentionComparison.Markdown([single, ensemble]);
        Assert.Contains("| single | 0.3000 | 0.700 |", table);
        Assert.Contains("| ensemble | **0.1750** | 0.950 |", table);
    }

    [Fact]
    public void TheCommandDrawsOnePictureAndRefusesWhatIsNotACurve()
    {
        using var dir = new TempFolder();
        string a = Written(dir, "a", Constant(0.6)), b = Written(dir, "b", Constant(0.9));
        var (code, stdout, stderr) = CliCapture.Run("retention", "--curves", a, b, "--out", dir.File("both.png"));
        Assert.True(code == 0, stderr);
        Assert.Contains("| b | **0.1000** | 0.900 |", stdout);
        using (var png = SKBitmap.Decode(dir.File("both.png"))) Assert.Equal(1000, png.Width);
        (code, _, stderr) = CliCapture.Run("retention", "--curves", a, b, "--out", dir.File("both.png"));
        Assert.Equal(1, code);
        Assert.Contains("both.png", stderr);

        File.WriteAllText(dir.File("short.csv"), "fraction,mean_ndsc\n0,0.5\n1,0.6\n");
        File.WriteAllText(dir.File("cases.csv"), "case,group,dice\nc1,g,0.5\n");
        var lines = File.ReadAllLines(a);
        lines[5] = "0.5," + lines[5].Split(',')[1];
        File.WriteAllLines(dir.File("moved.csv"), lines);
        foreach (var (file, problem) in new[] { ("short.csv", "2 points; Shifts 2022's retention curve has 200"), ("cases.csv", "not a retention curve"),
                                                 ("moved.csv", "line 6: retention fraction 0.5, not Shifts 2022's") })
        {
            (code, _, stderr) = CliCapture.Run("retention", "--curves", dir.File(file), "--out", dir.File("x.png"));
            Assert.Equal(1, code);
            Assert.StartsWith($"error: {dir.File(file)}: {problem}", stderr.Trim());
            Assert.False(File.Exists(dir.File("x.png")));
        }
    }
}
