using Spectre.Console;
using Spectre.Console.Rendering;

namespace NativeSeg.Cli.Progress;

/// <summary>
/// Writes a table so that no cell's words are broken: as a bordered table when it fits the console's width, else as
/// plain "a | b | c" rows a narrow terminal wraps between words (a log file is laid out wide, see <see cref="CliApp.LogWidth"/>).
/// </summary>
public static class ConsoleTables
{
    public static void Write(Table table, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var measured = ((IRenderable)table).Measure(RenderOptions.Create(console, console.Profile.Capabilities), int.MaxValue);
        if (measured.Max <= console.Profile.Width)
        {
            console.Write(table);
            return;
        }
        // Straight to the output: the console itself would wrap the row at its width, mid-word.
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(string.Join(" | ", table.Columns.Select(c => Plain(c.Header, console))));
        foreach (var row in table.Rows)
            writer.WriteLine(string.Join(" | ", row.Select(cell => Plain(cell, console))));
    }

    /// <summary>A cell's text without markup or line breaks.</summary>
    private static string Plain(IRenderable cell, IAnsiConsole console) =>
        string.Concat(cell.Render(RenderOptions.Create(console, console.Profile.Capabilities), int.MaxValue)
            .Where(s => !s.IsLineBreak).Select(s => s.Text)).Trim();
}
