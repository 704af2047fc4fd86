using System.Text;
using NativeSeg.Cli;

namespace NativeSeg.Tests.Cli;

/// <summary>
/// docs/reference/cli.md is the command tree as the program builds it: one section per verb, every argument and option
/// with its description. When a verb changes, this test fails; NATIVESEG_WRITE_REFERENCE=1 rewrites the page.
/// </summary>
public class CliReferenceTests
{
    private static string PagePath => Path.Combine(FixturePaths.RepoRoot, "docs", "reference", "cli.md");

    public static string Page()
    {
        var md = new StringBuilder();
        md.AppendLine("# Command-line reference");
        md.AppendLine();
        md.AppendLine("Every verb of `nativeseg` and its options, as the program defines them (`nativeseg VERB --help` prints the same).");
        md.AppendLine("Generated from the command tree; a test fails when this page and the program disagree.");
        foreach (var verb in CliApp.BuildRoot().Subcommands)
        {
            md.AppendLine();
            md.AppendLine($"## {verb.Name}");
            md.AppendLine();
            md.AppendLine(verb.Description);
            md.AppendLine();
            md.AppendLine("| argument or option | what it does |");
            md.AppendLine("|---|---|");
            foreach (var argument in verb.Arguments)
                md.AppendLine($"| `{argument.Name}` | {Cell(argument.Description)} |");
            foreach (var option in verb.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "-h" or "-?")))
                md.AppendLine($"| `{option.Name}`{(option.Required ? " (required)" : "")} | {Cell(option.Description)} |");
        }
        return md.ToString();
    }

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|").Replace("\n", " ");

    [Fact]
    public void TheReferencePageIsTheProgramsCommandTree()
    {
        string page = Page();
        if (Environment.GetEnvironmentVariable("NATIVESEG_WRITE_REFERENCE") == "1") File.WriteAllText(PagePath, page);
        Assert.True(File.Exists(PagePath) && File.ReadAllText(PagePath) == page,
            $"{PagePath} differs from the program's verbs and options; rewrite it with NATIVESEG_WRITE_REFERENCE=1 dotnet test --filter CliReferenceTests");
    }
}

/// <summary>What `model-info` and `compare --help` say about themselves.</summary>
[Collection("Console")]
public class SelfDescriptionTests
{
    /// <summary>model-info shows the fields of the model's own architecture, and how it was trained (or that nothing says).</summary>
    [Fact]
    public void ModelInfoShowsOnlyItsArchitecturesFields()
    {
        using var tmp = new TempFolder();
        var (code, unet, stderr) = CliCapture.Run("model-info", PredictCommandTests.TinyModel(tmp));
        Assert.True(code == 0, stderr);
        Assert.Contains("features ", unet);
        Assert.DoesNotContain("irreps_level0", unet);
        Assert.Contains("trained  ", unet);
        (code, var ra, stderr) = CliCapture.Run("model-info", PredictCommandTests.TinyModel(tmp, NativeSeg.Nets.Model.ModelKind.RaUNet));
        Assert.True(code == 0, stderr);
        Assert.Contains("irreps_level0", ra);
        Assert.DoesNotContain("kernel_voxels", ra);
        Assert.Contains("no training record", ra);
    }

    /// <summary>The Wilcoxon option says exactly where its exact p and SciPy's differ.</summary>
    [Fact]
    public void CompareSaysWhereItsPValueDiffersFromSciPys()
    {
        var wilcoxon = CliApp.BuildRoot().Subcommands.Single(c => c.Name == "compare").Options.Single(o => o.Name == "--wilcoxon");
        Assert.Contains("SciPy", wilcoxon.Description);
        Assert.Contains("14-50", wilcoxon.Description);
        Assert.Contains("ties and zeros", wilcoxon.Description);
    }
}
