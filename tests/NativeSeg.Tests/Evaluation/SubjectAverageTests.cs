using NativeSeg.Evaluation;

namespace NativeSeg.Tests.Evaluation;

[Collection("Console")]
public class SubjectAverageTests
{
    private static CaseResult Row(string name, string group, double? dice) => new(name, group, new Dictionary<string, double?> { ["dice"] = dice });

    [Fact]
    public void EachSubjectsAcquisitionsBecomeOneRowPerGroup()
    {
        var rows = SubjectAverage.PerSubject([Row("s0-axial", "1x1x3", 0.8), Row("s0-coronal", "1x1x3", 0.6), Row("s0-sagittal", "1x1x3", null),
                                              Row("s1-axial", "1x1x3", 0.5), Row("s0-axial", "2x2x3", 0.2), Row("case_0001", "g", 0.9)]);
        Assert.Equal(["s0|1x1x3|0.7", "s1|1x1x3|0.5", "s0|2x2x3|0.2", "case_0001|g|0.9"],
                     rows.Select(r => $"{r.Case}|{r.Group}|{Math.Round(r["dice"]!.Value, 12)}"));
    }

    [Fact]
    public void ComparePerSubjectCountsSubjectsInItsPairedTests()
    {
        using var dir = new TempFolder();
        string a = dir.File("a.csv"), b = dir.File("b.csv");
        File.WriteAllText(a, "case,group,dice\ns0-axial,g,0.9\ns0-coronal,g,0.8\ns1-axial,g,0.7\ns1-coronal,g,0.6\n");
        File.WriteAllText(b, "case,group,dice\ns0-axial,g,0.5\ns0-coronal,g,0.4\ns1-axial,g,0.3\ns1-coronal,g,0.2\n");
        var (code, stdout, stderr) = CliCapture.Run("compare", "--results", a, b, "--per-subject", "--pairs", "--plot-dir", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("| g | a vs b | 2 | +0.400 | 2 of 2 | 0.5 | 0.5 |", stdout);
        Assert.Contains("| a | **0.750 (0.141)** |", stdout);
    }

    /// <summary>A model's seeds joined by '+' are averaged per case and grid first (a sweep's case recurs in every grid).</summary>
    [Fact]
    public void CompareAveragesSeedsJoinedByPlusPerCaseAndGrid()
    {
        using var dir = new TempFolder();
        string a0 = dir.File("a0.csv"), a1 = dir.File("a1.csv"), b = dir.File("b.csv");
        File.WriteAllText(a0, "case,group,dice\ns0-axial,g1,0.9\ns0-axial,g2,0.5\n");
        File.WriteAllText(a1, "case,group,dice\ns0-axial,g1,0.7\ns0-axial,g2,0.1\n");
        File.WriteAllText(b, "case,group,dice\ns0-axial,g1,0.2\ns0-axial,g2,0.2\n");
        var (code, stdout, stderr) = CliCapture.Run("compare", "--results", $"{a0}+{a1}", b, "--names", "a,b", "--plot-dir", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("| a | **0.800 (0.000)** | **0.300 (0.000)** |", stdout);
    }
}
