namespace NativeSeg.Tests.Source;

/// <summary>The code's lines fit the limit .editorconfig states (max_line_length), so a side-by-side diff reads without wrapping.</summary>
public class LineLengthTests
{
    public const int MaxLineLength = 200;

    [Fact]
    public void EditorConfigStatesTheLimitThisTestChecks() =>
        Assert.Contains($"max_line_length = {MaxLineLength}", File.ReadAllLines(Path.Combine(FixturePaths.RepoRoot, ".editorconfig")));

    [Fact]
    public void NoTrackedCSharpLineIsLongerThanTheLimit()
    {
        var files = TrackedFiles.Matching("*.cs");
        Assert.NotEmpty(files);
        var tooLong = files.SelectMany(f => File.ReadLines(Path.Combine(FixturePaths.RepoRoot, f)).Select((line, n) => (f, n + 1, line.Length)))
            .Where(x => x.Length > MaxLineLength)
            .Select(x => $"{x.f}:{x.Item2}: {x.Length} characters")
            .ToList();
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong));
    }
}
