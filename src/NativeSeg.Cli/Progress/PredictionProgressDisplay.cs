using NativeSeg.Inference;
using Spectre.Console;

namespace NativeSeg.Cli.Progress;

/// <summary>
/// Shows a prediction: on a terminal, Spectre.Console bars for cases and for the current case's patches;
/// when output is redirected (logs, pipes, tests), plain lines (<see cref="PredictionLogLines"/>) and no bars.
/// </summary>
public static class PredictionProgressDisplay
{
    public static T Run<T>(Func<IPredictionProgress, T> work) =>
        LiveProgress.Run(ctx => work(new Bars(ctx)), () => work(new PredictionLogLines()));

    private sealed class Bars(ProgressContext ctx) : IPredictionProgress
    {
        private ProgressTask? _cases;
        private ProgressTask? _patches;
        private string _case = "";

        public void Note(string message) => AnsiConsole.MarkupLine(Markup.Escape($"{_case}: {message}"));

        public void CaseSkipped(string name, string why) => AnsiConsole.MarkupLine(Markup.Escape($"{name}: {why}"));

        public void CaseStarted(string name, int index, int count)
        {
            _case = name;
            _cases ??= ctx.AddTask("cases", maxValue: count);
            _cases.Description = $"case {index + 1}/{count}: {Markup.Escape(name)}";
        }

        public void PatchesPlanned(int count)
        {
            _patches ??= ctx.AddTask("patches", maxValue: count);
            _patches.MaxValue = count;
            _patches.Value = 0;
        }

        public void PatchDone() => _patches?.Increment(1);

        public void CaseFinished(string name, IReadOnlyList<string> outputs) => _cases?.Increment(1);
    }
}
