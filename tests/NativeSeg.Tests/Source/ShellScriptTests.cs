using System.Diagnostics;

namespace NativeSeg.Tests.Source;

/// <summary>
/// The study, cluster and CI scripts run for hours before a mistake in a late step shows, so each one must parse
/// (bash -n), and each one that runs on its own (a #! line; the others say "Sourced by") stops at the first failing
/// command, unset variable or broken pipe (set -euo pipefail) instead of writing results from a half-run study.
/// </summary>
public class ShellScriptTests
{
    public static TheoryData<string> Scripts() => [.. TrackedFiles.Matching("*.sh", ".ci/run")];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ParsesAndStopsAtTheFirstFailure(string script)
    {
        string path = Path.Combine(FixturePaths.RepoRoot, script);
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(path);
        using var bash = Process.Start(start)!;
        string error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, $"{script}: {error}");

        var lines = File.ReadAllLines(path);
        if (lines[0].StartsWith("# Sourced by", StringComparison.Ordinal)) return;
        Assert.Equal("#!/usr/bin/env bash", lines[0]);
        Assert.Contains(lines, l => l.Trim() == "set -euo pipefail");
    }
}
