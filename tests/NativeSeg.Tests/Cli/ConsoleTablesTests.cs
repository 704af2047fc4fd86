using NativeSeg.Cli.Progress;
using Spectre.Console;

namespace NativeSeg.Tests.Cli;

public class ConsoleTablesTests
{
    private static (IAnsiConsole Console, StringWriter Text) Console80()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;
        return (console, text);
    }

    /// <summary>A table wider than an 80-column terminal becomes plain rows: every word whole, for the terminal to wrap between words.</summary>
    [Fact]
    public void ATableTooWideForTheTerminalKeepsItsWordsWhole()
    {
        var (console, text) = Console80();
        string path = "/data/a/long/folder/name/imagesTr/case_0000_with_a_long_name_0000.nii.gz";
        ConsoleTables.Write(new Table().AddColumns("case", "path", "notes").AddRow("case_0000", path, "qform and sform disagree by 2.5 mm"), console);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("case | path | notes", lines[0].Trim());
        Assert.Equal($"case_0000 | {path} | qform and sform disagree by 2.5 mm", lines[1].Trim());
    }

    [Fact]
    public void ATableThatFitsIsDrawnWithItsBorders()
    {
        var (console, text) = Console80();
        ConsoleTables.Write(new Table().AddColumns("cases", "spacing (mm)").AddRow("4", "1x1x1"), console);
        Assert.Contains("│ cases │", text.ToString().Replace("|", "│"));
        Assert.DoesNotContain("cases | spacing", text.ToString());
    }
}
