using NativeSeg.Nets.Model;
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

    private static string[][] Algorithms(params string[] args)
    {
        var (code, stdout, stderr) = CliCapture.Run(["kernels", "--algorithms", "--json", .. args]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("levels").EnumerateArray()
            .Select(l => l.GetProperty("algorithms").EnumerateArray().Select(v => v.GetString()!).ToArray()).ToArray();
    }

    [Fact]
    public void ShowsWhatAutoRunsForEachConvolutionPerLevel()
    {
        // Two convolutions per block: levels above the deepest have an encoder and a decoder block, the deepest one block.
        // At 1 mm nothing can be trimmed (r / s = 2.5 at every level), so a training step runs the whole lattice without
        // measuring; a prediction also weighs the ball's pieces (81 of 125 taps).
        Assert.Equal([["lattice", "lattice", "lattice", "lattice"], ["lattice", "lattice"]],
                     Algorithms("--spacing", "1", "--levels", "2", "--patch", "8", "--training"));
        Assert.All(Algorithms("--spacing", "1", "--levels", "2", "--patch", "8").SelectMany(l => l), a => Assert.Contains(a, new[] { "lattice", "pieces" }));
        // At 0.5x0.5x1 mm level 0's outer in-plane shell carries no weight: the measured faster of the two, per convolution.
        var trimmed = Algorithms("--spacing", "0.5,0.5,1", "--levels", "2", "--patch", "8", "--training");
        Assert.Equal([4, 2], trimmed.Select(l => l.Length));
        Assert.All(trimmed[0], a => Assert.Contains(a, new[] { "lattice", "support" }));
        Assert.All(trimmed[1], a => Assert.Equal("lattice", a));
    }

    [Fact]
    public void ShowsTheConv3dPathOfEachConvolution()
    {
        // 0.5x0.5x3 mm: level 0's kernel is one voxel deep (9x9x1), so slices is among its candidates; every layer names
        // one of the exact paths, one per convolution.
        var (code, stdout, stderr) = CliCapture.Run("kernels", "--algorithms", "--json", "--spacing", "0.5,0.5,3", "--levels", "2", "--patch", "16", "--training");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var levels = doc.RootElement.GetProperty("levels").EnumerateArray().ToArray();
        var known = Enum.GetValues<NativeSeg.Equivariant.Conv3dPath>().Select(p => NativeSeg.Imaging.EnumNames.Name(p)).ToHashSet();
        foreach (var level in levels)
        {
            var paths = level.GetProperty("conv3d_paths").EnumerateArray().Select(v => v.GetString()!).ToArray();
            Assert.Equal(level.GetProperty("algorithms").GetArrayLength(), paths.Length);
            Assert.All(paths, p => Assert.Contains(p, known));
        }
    }

    [Fact]
    public void TheAlgorithmsOfAModelFolderAndItsRefusals()
    {
        using var dir = new TempFolder();
        var config = new ModelConfig { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 3 };
        using (var net = NetFactory.Create(config)) ModelDirectory.Save(dir.File("ra"), net, config);
        var unet = new ModelConfig { Kind = ModelKind.UNet, Features = 2, Levels = 2 };
        using (var net = NetFactory.Create(unet)) ModelDirectory.Save(dir.File("unet"), net, unet);
        Assert.Equal([4, 4, 2], Algorithms("--spacing", "1", "--model", dir.File("ra"), "--patch", "8").Select(l => l.Length));
        foreach (var (args, message) in new (string[], string)[]
                 {
                     (["--model", dir.File("unet"), "--algorithms"], $"error: {dir.File("unet")}: a unet has no resolution-adaptive convolutions"),
                     (["--model", dir.File("ra"), "--algorithms", "--levels", "2"], "error: --levels: not with --model (the model folder sets it)"),
                     (["--model", dir.File("ra")], "error: --model: only with --algorithms"),
                 })
        {
            var (code, _, stderr) = CliCapture.Run(["kernels", "--spacing", "1", .. args]);
            Assert.Equal((1, message), (code, stderr.Trim()));
        }
    }
}
