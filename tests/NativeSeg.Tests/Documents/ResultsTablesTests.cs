namespace NativeSeg.Tests.Documents;

/// <summary>Every results table in README.md and docs/results is what its command prints from the committed per-case CSVs.</summary>
[Collection("Console")]
public class ResultsTablesTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(FixturePaths.RepoRoot, "docs", "results"), "*.md").Order(StringComparer.Ordinal))
            if (Path.GetFileName(page) != "benchmark-history.md")   // runs as measured then, kept as history (BENCHMARKS.md is the bench's)
                pages.Add(Path.GetRelativePath(FixturePaths.RepoRoot, page));
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryTableIsRegeneratedFromCommittedData(string page)
    {
        using var plots = new TempFolder();
        // NATIVESEG_WRITE_TABLES=1 rewrites the tables from the CSVs (after new results or a change to the report format),
        // and fills in a marker written before its results.
        var problems = ResultsTables.Check(Path.Combine(FixturePaths.RepoRoot, page), plots.Path, Environment.GetEnvironmentVariable("NATIVESEG_WRITE_TABLES") == "1");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void AChangedNumberAMissingMarkerAndAMissingTableAreCaught()
    {
        using var dir = new TempFolder();
        string marker = TwoModels(dir);
        string table = "| model | g |\n|---|---|\n| a | **0.600 (0.141)** |\n| b | 0.500 (0.141) |";
        File.WriteAllText(dir.File("right.md"), $"# R\n\n{marker}\n\n{table}\n");
        File.WriteAllText(dir.File("changed.md"), $"# R\n\n{marker}\n\n{table.Replace("0.500", "0.510")}\n");
        File.WriteAllText(dir.File("unmarked.md"), $"# R\n\n{table}\n\n{ResultsTables.SettingsMarker}\n\n| a | b |\n|---|---|\n");
        File.WriteAllText(dir.File("missing.md"), $"# R\n\n{marker}\n\nno table\n\n# S\n");

        Assert.Empty(ResultsTables.Check(dir.File("right.md"), dir.Path));
        Assert.Contains("differs", Assert.Single(ResultsTables.Check(dir.File("changed.md"), dir.Path)));
        Assert.Contains("neither a command marker", Assert.Single(ResultsTables.Check(dir.File("unmarked.md"), dir.Path)));
        Assert.Contains("more table(s)", Assert.Single(ResultsTables.Check(dir.File("missing.md"), dir.Path)));
    }

    /// <summary>A page written before its results holds markers alone; rewriting fills them in place, once.</summary>
    [Fact]
    public void RewritingInsertsTheTablesOfAMarkerThatHasNone()
    {
        using var dir = new TempFolder();
        string marker = TwoModels(dir);
        File.WriteAllText(dir.File("page.md"), $"# R\n\n{marker}\n\nprose\n\n{marker}\n\n# S\n\n{marker}\n");

        Assert.Empty(ResultsTables.Check(dir.File("page.md"), dir.Path, rewrite: true));
        Assert.Empty(ResultsTables.Check(dir.File("page.md"), dir.Path));
        string page = File.ReadAllText(dir.File("page.md"));
        Assert.Equal(3, page.Split("| a | **0.600 (0.141)** |").Length - 1);
        Assert.Contains($"{marker}\n\n| model | g |", page);
        Assert.Contains("| b | 0.500 (0.141) |\n\nprose", page);
        Assert.Empty(ResultsTables.Check(dir.File("page.md"), dir.Path, rewrite: true));
        Assert.Equal(page, File.ReadAllText(dir.File("page.md")));
    }

    /// <summary>A training-runs table comes from `curves` on committed training.csv files; its picture goes to the
    /// check's folder, never over the page's.</summary>
    [Fact]
    public void ACurvesTableIsRegeneratedFromCommittedTrainingCsvs()
    {
        using var dir = new TempFolder();
        using var plots = new TempFolder();
        Directory.CreateDirectory(dir.File("runs/f0"));
        File.WriteAllText(dir.File("runs/f0/training.csv"),
            "epoch,train_loss,val_loss,val_dice,seconds,steps,grad_norm_median,grad_norm_max\n0,0.9,0.8,0.25,60,15,0.3,0.9\n1,0.7,0.6,0.5,60,30,0.3,0.9\n");
        string marker = "<!-- nativeseg curves --runs runs/f0 --names f0 --out runs/curves -->";
        var (code, output, error) = CliCapture.Run("curves", "--runs", dir.File("runs/f0"), "--names", "f0", "--out", plots.File("c"));
        Assert.True(code == 0, error);
        string table = string.Join("\n", output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|')));
        Assert.Contains("| f0 | 2 | 30 | 0.500 |", table);
        File.WriteAllText(dir.File("page.md"), $"# R\n\n{marker}\n\n{table}\n");
        File.WriteAllText(dir.File("wrong.md"), $"# R\n\n{marker}\n\n{table.Replace("0.500", "0.400")}\n");

        Assert.Empty(ResultsTables.Check(dir.File("page.md"), plots.Path));
        Assert.Contains("differs", Assert.Single(ResultsTables.Check(dir.File("wrong.md"), plots.Path)));
        Assert.False(File.Exists(dir.File("runs/curves-val_dice.png")));
        Assert.True(File.Exists(plots.File("curves-val_dice.png")));
    }

    /// <summary>Two models' per-case Dice in the folder; the marker of their compare table.</summary>
    private static string TwoModels(TempFolder dir)
    {
        File.WriteAllText(dir.File("a.csv"), "case,group,dice\nc1,g,0.5\nc2,g,0.7\n");
        File.WriteAllText(dir.File("b.csv"), "case,group,dice\nc1,g,0.4\nc2,g,0.6\n");
        return "<!-- nativeseg compare --results a.csv b.csv -->";
    }
}
