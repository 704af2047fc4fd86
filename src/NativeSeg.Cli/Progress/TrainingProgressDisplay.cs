using System.Globalization;
using NativeSeg.Training;
using Spectre.Console;

namespace NativeSeg.Cli.Progress;

/// <summary>
/// Shows training: on a terminal a Spectre.Console bar over all remaining steps (epoch, step, loss, ETA);
/// when output is redirected, one plain line per epoch.
/// </summary>
public static class TrainingProgressDisplay
{
    public static T Run<T>(Func<ITrainingProgress, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(new PlainLines());
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => work(new Bar(ctx)));
    }

    private static string Line(EpochRecord r, bool improved) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch}: train loss {r.TrainLoss:0.0000}, val loss {r.ValidationLoss:0.0000}, val Dice {r.ValidationDice:0.000}, {r.Seconds:0.0} s{(improved ? " (best)" : "")}");

    private class PlainLines : ITrainingProgress
    {
        public virtual void Started(int firstEpoch, int epochs, int stepsPerEpoch) { }
        public virtual void Step(int epoch, int step, double loss) { }
        public virtual void EpochDone(EpochRecord record, bool improved) => Console.Out.WriteLine(Line(record, improved));
        public virtual void Message(string text) => Console.Out.WriteLine(text);
    }

    private sealed class Bar(ProgressContext ctx) : PlainLines
    {
        private ProgressTask? _task;
        private int _steps;

        public override void Started(int firstEpoch, int epochs, int stepsPerEpoch)
        {
            _steps = stepsPerEpoch;
            _task = ctx.AddTask("training", maxValue: Math.Max(1, (epochs - firstEpoch) * stepsPerEpoch));
        }

        public override void Step(int epoch, int step, double loss)
        {
            if (_task is null) return;
            _task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch} step {step + 1}/{_steps} loss {loss:0.000}");
            _task.Increment(1);
        }

        public override void EpochDone(EpochRecord record, bool improved) => AnsiConsole.MarkupLine(Markup.Escape(Line(record, improved)));

        public override void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
    }
}
