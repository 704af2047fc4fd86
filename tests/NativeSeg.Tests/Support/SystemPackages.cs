using System.Diagnostics;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Installs the Debian packages a test's real service needs, the first time a test on a machine needs them, as .ci/run
/// used to do before every run: when any of <c>files</c> is missing, it runs <c>apt-get update</c> and <c>apt-get install</c>
/// as root, under a machine-wide lock so parallel tests never race apt. When it cannot (not root, no apt-get on PATH, not
/// Debian, no network), it says in one line what to install; the test then fails with that line, never skips.
/// </summary>
public static class SystemPackages
{
    /// <summary>One lock for every test process on the machine (apt's own lock fails instead of waiting).</summary>
    public static readonly string LockFile = Path.Combine(Path.GetTempPath(), "nativeseg-tests-apt.lock");

    /// <summary>null when every file exists (installed now or before); otherwise why not, in one line.</summary>
    /// <param name="path">The PATH apt-get is looked up in (the process's own by default).</param>
    public static string? Ensure(IReadOnlyList<string> packages, IReadOnlyList<string> files, string? path = null)
    {
        string wanted = string.Join(" ", packages);
        if (files.All(File.Exists)) return null;
        string? aptGet = Find("apt-get", path ?? Environment.GetEnvironmentVariable("PATH") ?? "");
        string missing = files.First(f => !File.Exists(f));
        string cannot = $"{missing} is missing and cannot be installed here";
        if (aptGet is null) return $"{cannot}: apt-get is not on PATH (install {wanted} with your system's package manager)";
        if (!File.Exists("/etc/debian_version")) return $"{cannot}: not a Debian system (install {wanted})";
        if (Environment.UserName != "root") return $"{cannot}: not root (run: sudo apt-get install {wanted})";
        using var _ = MachineLock();
        if (files.All(File.Exists)) return null;   // another test process installed them while this one waited
        if (Run(aptGet, "update -qq") is { } updateError) return $"{cannot}: apt-get update failed: {updateError}";
        if (Run(aptGet, $"install -y -qq --no-install-recommends {wanted}") is { } installError) return $"{cannot}: apt-get install {wanted} failed: {installError}";
        return files.FirstOrDefault(f => !File.Exists(f)) is { } still ? $"{still} is still missing after apt-get install {wanted}" : null;
    }

    private static string? Find(string tool, string path) =>
        path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static FileStream MachineLock()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromMinutes(20)) { Thread.Sleep(1000); }
        }
    }

    /// <summary>null on success, else the last line apt printed.</summary>
    private static string? Run(string aptGet, string arguments)
    {
        var start = new ProcessStartInfo(aptGet, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0) return null;
        var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault() ?? $"exit {process.ExitCode}";
    }
}
