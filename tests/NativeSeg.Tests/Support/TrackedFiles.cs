using System.Diagnostics;

namespace NativeSeg.Tests.Support;

/// <summary>The repository's tracked files matching git pathspecs (what a fresh clone holds), relative to its root.</summary>
public static class TrackedFiles
{
    public static IReadOnlyList<string> Matching(params string[] pathspecs)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = FixturePaths.RepoRoot, RedirectStandardOutput = true };
        start.ArgumentList.Add("ls-files");
        foreach (var spec in pathspecs) start.ArgumentList.Add(spec);
        using var git = Process.Start(start)!;
        var files = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        return files;
    }
}
