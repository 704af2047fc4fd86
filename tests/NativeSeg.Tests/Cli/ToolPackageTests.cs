using System.Diagnostics;

namespace NativeSeg.Tests.Cli;

/// <summary>
/// `nativeseg` on the PATH: the CLI packs as a .NET tool, installs into a tool path, and the installed program loads
/// libtorch here (the GLIBCXX fix travels in the package). Packs a copy of the tracked sources so the build under test
/// is not rebuilt while it runs.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public void PacksInstallsAndRunsAsADotnetTool()
    {
        using var dir = new TempFolder();
        string source = dir.File("src");
        foreach (var file in Run("git", FixturePaths.RepoRoot, "ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            string target = Path.Combine(source, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(FixturePaths.RepoRoot, file), target);
        }
        Run("dotnet", source, "pack", "src/NativeSeg.Cli", "-c", "Release", "-o", dir.File("pkg"));
        Run("dotnet", dir.Path, "tool", "install", "--tool-path", dir.File("tools"), "--add-source", dir.File("pkg"), "NativeSeg.Cli");

        string nativeseg = dir.File("tools/nativeseg");
        Assert.Contains("wrote", Run(nativeseg, dir.Path, "sample", "--out", dir.File("s.nii.gz"), "--shape", "6,5,4"));
        Assert.Contains("shape        6 x 5 x 4", Run(nativeseg, dir.Path, "info", dir.File("s.nii.gz")));
        Assert.Contains("selftest passed", Run(nativeseg, dir.Path, "selftest"));   // loads libtorch
    }

    private static string Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
