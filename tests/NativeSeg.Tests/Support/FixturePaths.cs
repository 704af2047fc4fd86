namespace NativeSeg.Tests.Support;

/// <summary>Locates the repository (the folder holding NativeSeg.slnx) and the shared e3nn fixtures beside it.</summary>
internal static class FixturePaths
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !System.IO.File.Exists(Path.Combine(dir.FullName, "NativeSeg.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("NativeSeg.slnx not found above the test binaries");
        }
    }

    /// <summary>../shared/fixtures/e3nn when present (the reference), else the repository's copy.</summary>
    public static string E3nn
    {
        get
        {
            string shared = SharedE3nn;
            return Directory.Exists(shared) ? shared : RepoCopy;
        }
    }

    public static string SharedE3nn => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "e3nn"));

    public static string RepoCopy => Path.Combine(RepoRoot, "testdata", "e3nn");

    public static string Fixture(string name) => Path.Combine(E3nn, name);
}
