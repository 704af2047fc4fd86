using System.CommandLine;
using System.Reflection;

namespace NativeSeg.Cli;

public static class CliApp
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("NativeSeg: MRI segmentation at native resolution, with resolution-adaptive U-Nets.");
        foreach (var command in DiscoverCommands().OrderBy(c => c.Name, StringComparer.Ordinal))
            root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }

    private static IEnumerable<Command> DiscoverCommands() =>
        typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build());
}
