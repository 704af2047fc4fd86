using System.Diagnostics;
using Xunit.Abstractions;

namespace NativeSeg.Tests.Hostile;

/// <summary>
/// Every case of <see cref="HostileCorpus"/>: a non-zero exit that is not the crash code, one or two stderr lines naming
/// the file or option and the problem, no stack trace, nothing at the output's final name, every file that existed
/// before byte-identical and no new file anywhere, in bounded time and managed memory.
/// </summary>
[Collection("Console")]
public class HostileCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(30);
    private const long ManagedBytesBound = 512L << 20;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in HostileCorpus.Cases) data.Add(c.Category, c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedCleanly(string category, string name)
    {
        var hostile = HostileCorpus.Cases.Single(c => c.Category == category && c.Name == name);
        using var dir = new TempFolder();
        var run = hostile.Arrange(dir);
        var before = Snapshot(dir.Path);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var (code, _, stderr) = CliCapture.Run(run.Args);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        string command = string.Join(' ', run.Args);
        Assert.True(code != 0 && code != NativeSeg.Cli.UserError.BugExitCode, $"{command}: exit {code}\n{stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length is 1 or 2, $"{command}: {lines.Length} stderr lines\n{stderr}");
        Assert.DoesNotContain("   at ", stderr);
        foreach (var fragment in run.Names) Assert.True(stderr.Contains(fragment, StringComparison.Ordinal), $"{command}: stderr does not name '{fragment}'\n{stderr}");
        if (run.Output is { } final) Assert.False(File.Exists(final) || Directory.Exists(final), $"{command}: left {final}");
        var after = Snapshot(dir.Path);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{command}: changed {path}");
        Assert.True(clock.Elapsed < TimeBound, $"{command}: took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(allocated < ManagedBytesBound, $"{command}: allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void EveryCategoryHasItsCases()
    {
        var counts = HostileCorpus.Cases.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (category, count) in counts) output.WriteLine($"{category}: {count}");
        output.WriteLine($"total: {HostileCorpus.Cases.Count}");
        foreach (var category in new[] { HostileCorpus.Nifti, HostileCorpus.Options, HostileCorpus.Model, HostileCorpus.Dataset, HostileCorpus.Overwrite, HostileCorpus.FalseSuccess })
            Assert.True(counts.GetValueOrDefault(category) >= 5, $"{category}: {counts.GetValueOrDefault(category)} cases");
        Assert.Equal(HostileCorpus.Cases.Count, HostileCorpus.Cases.Select(c => (c.Category, c.Name)).Distinct().Count());
    }

    /// <summary>Every regular file under <paramref name="root"/> with its bytes; symbolic links (the alias routes) are neither read nor followed.</summary>
    private static Dictionary<string, byte[]> Snapshot(string root)
    {
        var files = new Dictionary<string, byte[]>();
        void Walk(DirectoryInfo dir)
        {
            foreach (var entry in dir.EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo sub) Walk(sub);
                else files[Path.GetRelativePath(root, entry.FullName)] = File.ReadAllBytes(entry.FullName);
            }
        }
        Walk(new DirectoryInfo(root));
        return files;
    }
}
