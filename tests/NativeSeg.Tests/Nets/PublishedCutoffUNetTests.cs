using System.Text.Json;
using Xunit.Abstractions;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The published model with the radial cutoff (testdata/e3nn_unet_cutoff, from ../shared/fixtures/e3nn_unet_cutoff) at
/// 0.8x0.8x2 mm, where the published code sizes its second pooling from the input spacing and the rule of actual level
/// spacings would not, and at 0.7x0.7x2.5 mm: its state dict imported from the command line predicts sigmoid(output)
/// through `predict --probabilities --patch whole` (that its recorded weights reproduce its outputs: PublishedUNetTests).
/// </summary>
[Collection("Console")]
public class PublishedCutoffUNetTests(ITestOutputHelper log)
{
    private static string Folder => Path.Combine(FixturePaths.RepoRoot, "testdata", "e3nn_unet_cutoff");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TheImportedStateDictPredictsThePublishedProbabilities(int index)
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("import-pytorch", "--state-dict", Path.Combine(Folder, "e3nn_unet_state_dict.pt"), "--out", dir.File("m"),
                                               "--radial-cutoff", "true", "--level-spacing", "published");
        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "e3nn_unet.json")));
        var item = document.RootElement.GetProperty("cases")[index];
        double worst = PublishedFixtures.PredictedAgainstPublished(dir.File("m"), item, dir);
        var spacing = item.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture));
        log.WriteLine($"{string.Join("x", spacing)} mm: largest difference {worst:E2}");
        Assert.InRange(worst, 0, 1e-4);   // float32 weights and input
    }
}
