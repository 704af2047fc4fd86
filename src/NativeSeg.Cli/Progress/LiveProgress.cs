using Spectre.Console;

namespace NativeSeg.Cli.Progress;

/// <summary>Spectre.Console progress bars on an interactive terminal; plain lines when output is redirected (logs, pipes, tests).</summary>
public static class LiveProgress
{
    public static T Run<T>(Func<ProgressContext, T> withBars, Func<T> plain)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return plain();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(withBars);
    }
}
