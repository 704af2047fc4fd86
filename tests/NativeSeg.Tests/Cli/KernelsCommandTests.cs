using System.Text.Json;

namespace NativeSeg.Tests.Cli;

/// <summary>`kernels --json`: Table 1 per level plus the box conv3d runs (the weighted support, radial cutoff on by default).</summary>
[Collection("Console")]
public class KernelsCommandTests
{
    private static int[][] ConvVoxels(params string[] extra)
    {
        var (code, stdout, stderr) = CliCapture.Run(["kernels", "--spacing", "0.5,0.5,1", "--levels", "3", "--json", .. extra]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("levels").EnumerateArray()
            .Select(l => l.GetProperty("conv_voxels").EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
    }

    [Fact]
    public void ShowsTheConvolvedBoxPerLevel()
    {
        // Level 0: the 11x11x5 lattice's in-plane shell at exactly 2.5 mm carries no weight with the cutoff.
        Assert.Equal([[9, 9, 5], [5, 5, 5], [5, 5, 5]], ConvVoxels());
        Assert.Equal([[11, 11, 5], [5, 5, 5], [5, 5, 5]], ConvVoxels("--radial-cutoff", "false"));
        var (code, _, stderr) = CliCapture.Run("kernels", "--spacing", "1", "--radial-cutoff", "maybe");
        Assert.Equal((1, "error: --radial-cutoff 'maybe': expected true or false"), (code, stderr.Trim()));
    }
}
