using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Experiments;

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

        // shipped models: a second demo takes these three instead of training, and scores them identically
        using var second = new TempFolder();
        var again = Demo.Run(settings with { OutDir = second.Path, ShippedModels = Path.Combine(dir.Path, "models", Demo.Protocol.TrainingSets[0].Name) });
        Assert.All(again.Steps.Where(x => x.Name.StartsWith("train", StringComparison.Ordinal)), x => Assert.True(x.Skipped));
        foreach (var model in comparison.Models)
            Assert.Equal(comparison.Cell(DemoData.UnseenGroup, model).Value, again.Tables[0].Comparison.Cell(DemoData.UnseenGroup, model).Value);
        // Its report says where the models came from and how they were trained, from their own records, not the scale's.
        string report = File.ReadAllText(again.Layout.Report);
        Assert.Contains("the pre-trained models in", report);
        Assert.DoesNotContain("Scale **tiny**", report);
        Assert.Contains("- `ra-unet`: ", report);
        Assert.Contains("augmentation nnunet", report);   // the tiny models' training.json, written by their training above
        Assert.Contains("Scale **tiny**", File.ReadAllText(result.Layout.Report));

        // The browser report opens offline on the demo's test cases, with the truth and the three models as overlays.
        Assert.Null(again.BrowserReport!.ViewerProblem);
        Assert.Contains("report/index.html", report);
        Assert.Null(HeadlessChromium.Ensure());
        using var browser = new HeadlessChromium();
        browser.Open(new Uri(Path.GetFullPath(again.BrowserReport.Index)).AbsoluteUri);
        browser.WaitFor("document.body.dataset.state === 'ready'", TimeSpan.FromSeconds(90));
        Assert.Equal(Directory.GetFiles(Path.Combine(second.Path, "data", "labelsTs")).Length,
            browser.Evaluate("document.querySelectorAll('#cases tbody tr').length")!.GetValue<int>());
        Assert.Equal("truth ra-unet unet unet-1mm", browser.Evaluate("Array.from(document.querySelectorAll('#layers label')).map(l => l.textContent).join(' ')")!.GetValue<string>());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public void ShippedDemoModelsLoadAsTheKindsTheDemoNeeds()
    {
        string shipped = Path.Combine(FixturePaths.RepoRoot, "models", "demo");
        Assert.True(Demo.HasShippedModels(new DemoSettings("unused") { ShippedModels = shipped }));
        foreach (var kind in ExperimentSettings.AllModels)
        {
            var model = ModelDirectory.Load(Path.Combine(shipped, kind.Name()));
            using var net = model.Net;
            Assert.Equal(kind, model.Config.Kind);
            Assert.Equal(ExperimentScale.Quick.Config(kind).Levels, model.Config.Levels);
        }
    }
}
