using System.Text.RegularExpressions;

namespace NativeSeg.Tests.Source;

/// <summary>The documents, code and tests speak of the product and its versions, not of how it was developed ("stop N", "issue N", sessions); history is CHANGELOG.md's, by version.</summary>
public partial class ProcessWordTests
{
    [GeneratedRegex(@"\b([Ss]tops?\s\d+|[Ii]ssues?\s\d+|this\sstop)\b")]
    private static partial Regex ProcessWords();

    [GeneratedRegex(@"\b[Ss]essions?\b")]
    private static partial Regex SessionWord();

    /// <summary>A BIDS session (ses-&lt;label&gt;, predict --session) is the data's, not the development's: lines about BIDS may name it.</summary>
    [GeneratedRegex(@"(?i)bids|ses-|--session")]
    private static partial Regex BidsContext();

    public static bool NamesTheProcess(string line, string file = "") =>
        ProcessWords().IsMatch(line) || (SessionWord().IsMatch(line) && !BidsContext().IsMatch(line) && !BidsContext().IsMatch(Path.GetFileName(file)));

    [Fact]
    public void NoTrackedDocumentOrSourceFileNamesTheDevelopmentProcess()
    {
        var files = TrackedFiles.Matching("*.cs", "*.md", "*.sh");
        Assert.NotEmpty(files);
        // This file names the words it looks for.
        var found = files.Where(f => !f.EndsWith("ProcessWordTests.cs", StringComparison.Ordinal)).SelectMany(f => File.ReadLines(Path.Combine(FixturePaths.RepoRoot, f)).Select((line, n) => (f, n
            + 1, line)))
            .Where(x => NamesTheProcess(x.line, x.f))
            .Select(x => $"{x.f}:{x.Item2}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Theory]
    [InlineData("as measured in st" + "op 12", true)]   // split so this file does not say it itself
    [InlineData("the next ses" + "sion continues it", true)]
    [InlineData("predict --bids DIR --session 2 reads ses-2", false)]
    [InlineData("every sub-*/[ses-*/]anat image", false)]
    [InlineData("a plain sentence", false)]
    public void ThePatternTellsTheDevelopmentFromTheData(string line, bool process) => Assert.Equal(process, NamesTheProcess(line));

    [Fact]
    public void AFileAboutBidsMayNameSessions() =>
        Assert.Equal((false, true), (NamesTheProcess("string? session", "src/NativeSeg/Data/Bids.cs"), NamesTheProcess("string? session", "src/Other.cs")));
}
