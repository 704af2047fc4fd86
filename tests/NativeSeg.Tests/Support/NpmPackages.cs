using System.Diagnostics;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Installs a pinned npm package into a machine-wide cache folder the first time a test needs it (under a lock, as
/// <see cref="SystemPackages"/> does for apt), and says in one line why when it cannot (no node or npm, no registry).
/// </summary>
public static class NpmPackages
{
    public static string Folder(string package, string version) => Path.Combine(Path.GetTempPath(), "nativeseg-tests-npm", $"{package}@{version}");

    /// <summary>The path of the package's executable <paramref name="bin"/>, or the one-line reason it is not there.</summary>
    public static (string? Bin, string? Problem) Ensure(string package, string version, string bin)
    {
        string folder = Folder(package, version);
        string path = Path.Combine(folder, "node_modules", ".bin", bin);
        if (File.Exists(path)) return (path, null);
        using var _ = new FileStream(SystemPackages.LockFile + ".npm", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        if (File.Exists(path)) return (path, null);
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("npm", $"install --silent --no-audit --no-fund --prefix {folder} {package}@{version}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var npm = Process.Start(start)!;
            var stderr = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
                return (null, $"npm install {package}@{version} failed: {stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit {npm.ExitCode}"}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, $"{package}@{version} cannot be installed here: npm is not on PATH (install Node.js and npm)");
        }
        return File.Exists(path) ? (path, null) : (null, $"{path} is still missing after npm install {package}@{version}");
    }
}
