using System.Text.RegularExpressions;

namespace NativeSeg.Tests.Source;

/// <summary>The documents, code and tests speak of the product and its versions, not of how it was developed ("stop N", "issue N", sessions); history is CHANGELOG.md's, by version.</summary>
public partial class ProcessWordTests
{
    [GeneratedRegex(@"\b([Ss]tops?\s\d+|[Ii]ssues?\s\d+|this\sstop|[Ss]essions?)\b")]
    private static partial Regex ProcessWords();

    [Fact]
    public void NoTrackedDocumentOrSourceFileNamesTheDevelopmentProcess()
    {
        var files = TrackedFiles.Matching("*.cs", "*.md", "*.sh");
        Assert.NotEmpty(files);
        // This file names the words it looks for.
        var found = files.Where(f => !f.EndsWith("ProcessWordTests.cs", StringComparison.Ordinal)).SelectMany(f => File.ReadLines(Path.Combine(FixturePaths.RepoRoot, f)).Select((line, n) => (f, n
            + 1, line)))
            .Where(x => ProcessWords().IsMatch(x.line))
            .Select(x => $"{x.f}:{x.Item2}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
