using NativeSeg.Experiments;
using NativeSeg.Tests.Imaging;
using Xunit;

namespace NativeSeg.Tests.Experiments;

public class DemoTests
{
    [Fact]
    public void DemoCodePathRunsAtTinySize()
    {
        using var dir = new TempFolder();
        var settings = new DemoSettings(dir.Path, Seed: 3) { SubjectsPerCluster = 1, FieldOfViewMm = 24, Scale = ExperimentScale.Tiny };
        var result = Demo.Run(settings);
        var comparison = result.Tables[0].Comparison;
        Assert.Equal(["ra-unet", "unet", "unet-1mm"], comparison.Models);
        Assert.Equal([DemoData.UnseenGroup], comparison.Groups);
        Assert.All(comparison.Cells, c => Assert.Equal(2, c.Value.N));   // two unseen coronal test cases
        Assert.NotNull(result.Overlay);
        Assert.True(File.Exists(result.Overlay));
        Assert.Contains("| ra-unet |", File.ReadAllText(result.Layout.Report));
        var rows = NativeSeg.Data.CaseTable.Read(Path.Combine(dir.Path, "data", "cases.tsv"));
        var coronal = rows.Where(r => r.Group == DemoData.UnseenGroup).ToList();
        Assert.All(coronal, r => Assert.Equal("coronal", r.Plane));
        Assert.DoesNotContain(rows.Where(r => r.Group != DemoData.UnseenGroup), r => r.Spacing.ApproximatelyEquals(coronal[0].Spacing));
    }
}
