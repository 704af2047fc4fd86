using System.CommandLine;

namespace NativeSeg.Cli;

public static class CliApp
{
    public static int Run(string[] args)
    {
        var root = BuildRoot();
        // Into a file or a pipe, tables keep their rows whole: Spectre would wrap them at 80 columns, breaking words.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = LogWidth;
        return root.Parse(args).Invoke();
    }

    /// <summary>The width tables are laid out for when the output is a log file or a pipe.</summary>
    public const int LogWidth = 400;

    /// <summary>Every verb, in name order (docs/reference/cli.md is written from this tree).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("NativeSeg: MRI segmentation at native resolution, with resolution-adaptive U-Nets.");
        foreach (var command in DiscoverCommands().OrderBy(c => c.Name, StringComparer.Ordinal))
            root.Subcommands.Add(command);
        return root;
    }

    private static IEnumerable<Command> DiscoverCommands() =>
        typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build());
}
