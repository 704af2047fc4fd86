using NativeSeg.Reports;

namespace NativeSeg.Tests.Reports;

public class HtmlReportTests
{
    [Fact]
    public void Report_HoldsThePageItsDataAndOneScriptAndPicturePerCase()
    {
        using var dir = new TempFolder();
        var input = ReportData.Write(dir.File("data"));
        var summary = HtmlReport.Write(input, dir.File("report"), ViewerScript.Find());
        Assert.Null(summary.ViewerProblem);
        Assert.Equal(ReportData.CaseNames.Length, summary.Cases);
        foreach (var file in new[] { "index.html", "report.js", "report.css", "report-data.js", "niivue.js", "dice-boxplot.png" })
            Assert.True(File.Exists(dir.File($"report/{file}")), file);
        for (int i = 0; i < ReportData.CaseNames.Length; i++)
        {
            Assert.True(File.Exists(dir.File($"report/cases/case-{i}.js")));
            Assert.True(File.Exists(dir.File($"report/cases/case-{i}.png")));
        }
        Assert.StartsWith("/* @niivue/niivue ", File.ReadLines(dir.File("report/niivue.js")).First());
    }

    [Fact]
    public void Data_NeverHoldsMarkupOrQuotesUnescaped()
    {
        using var dir = new TempFolder();
        HtmlReport.Write(ReportData.Write(dir.File("data")), dir.File("report"), ViewerScript.None("test"));
        string data = File.ReadAllText(dir.File("report/report-data.js"));
        Assert.DoesNotContain("<", data);
        Assert.DoesNotContain("&", data);
        Assert.DoesNotContain("\\\"; x=", data);
        Assert.Contains("\\u003Cimg src=x onerror=alert(1)\\u003E", data);
    }

    [Fact]
    public void NonEmptyTarget_IsRefused_AndAFailedReportLeavesNothing()
    {
        using var dir = new TempFolder();
        var input = ReportData.Write(dir.File("data"));
        Directory.CreateDirectory(dir.File("old"));
        File.WriteAllText(dir.File("old/keep.txt"), "mine");
        var refused = Assert.Throws<IOException>(() => HtmlReport.Write(input, dir.File("old"), ViewerScript.None("test")));
        Assert.Contains("not empty", refused.Message);
        Assert.Equal("mine", File.ReadAllText(dir.File("old/keep.txt")));

        // The last case's image is read only after the others are written: the failure comes mid-report.
        string image = Path.Combine(input.ImagesDir, $"{ReportData.CaseNames[2]}_0000.nii.gz");
        File.WriteAllBytes(image, File.ReadAllBytes(image)[..200]);
        var broken = Assert.ThrowsAny<Exception>(() => HtmlReport.Write(input, dir.File("new"), ViewerScript.None("test")));
        Assert.Contains(ReportData.CaseNames[2], broken.Message);
        Assert.False(Directory.Exists(dir.File("new")));
        Assert.Empty(Directory.GetDirectories(dir.Path, "new.partial-*"));
    }

    [Fact]
    public void TwoModelsWithOneName_AreRefused()
    {
        using var dir = new TempFolder();
        var input = ReportData.Write(dir.File("data"));
        input = input with { Models = [input.Models[0], input.Models[0]] };
        var e = Assert.Throws<UserInputException>(() => HtmlReport.Write(input, dir.File("r"), ViewerScript.None("test")));
        Assert.Contains("given twice", e.Message);
    }
}
