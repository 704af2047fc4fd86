using System.Text.Json.Nodes;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class SelftestCommandTests
{
    [Fact]
    public void PassesOnTheSharedFixturesAndListsEveryFile()
    {
        var (code, stdout, stderr) = CliCapture.Run("selftest", "--fixtures", FixturePaths.E3nn);
        Assert.True(code == 0, stdout + stderr);
        foreach (var file in Directory.GetFiles(FixturePaths.E3nn, "*.json"))
            Assert.Contains(Path.GetFileName(file), stdout.Replace("\n", "").Replace("│", "").Replace(" ", ""));
        Assert.Contains("selftest passed", stdout);
        Assert.Matches(@"float32 conv3d path on this machine: (plain|channels-last|padded) ", stdout);
        // Every file kind has a checker now (voxel_convolution.json is checked by NativeSeg.Nets).
        Assert.DoesNotContain("not yet checked", stdout);
        Assert.DoesNotContain("not checked", stdout);
    }

    [Fact]
    public void DefaultFolderIsTheCopyBesideTheProgram()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "testdata", "e3nn", "wigner_3j.json")));
        var (code, stdout, stderr) = CliCapture.Run("selftest");
        Assert.True(code == 0, stdout + stderr);
    }

    [Fact]
    public void FailsWhenAFixtureDisagrees()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nativeseg-selftest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(FixturePaths.Fixture("linear.json")))!;
            var x = root["items"]![0]!["out"]![0]![0]!;
            x.ReplaceWith(JsonValue.Create(x.GetValue<double>() + 0.01));
            File.WriteAllText(Path.Combine(dir, "linear.json"), root.ToJsonString());
            File.Copy(FixturePaths.Fixture("wigner_3j.json"), Path.Combine(dir, "wigner_3j.json"));
            var (code, stdout, _) = CliCapture.Run("selftest", "--fixtures", dir);
            Assert.Equal(1, code);
            Assert.Contains("selftest FAILED: linear.json", stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MissingFolderIsOneLineError()
    {
        var (code, _, stderr) = CliCapture.Run("selftest", "--fixtures", "/nonexistent/fixtures");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/fixtures: fixture folder not found", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
