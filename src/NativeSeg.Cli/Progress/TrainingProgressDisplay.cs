using System.Globalization;
using NativeSeg.Training;
using Spectre.Console;

namespace NativeSeg.Cli.Progress;

/// <summary>
/// Shows training: on a terminal a Spectre.Console bar over all remaining steps (epoch, step, loss, ETA);
/// when output is redirected (a log file), a line after the first step and then at most every half minute (step,
/// loss, seconds per step, the most the rest can take), and one line per epoch.
/// </summary>
public static class TrainingProgressDisplay
{
    public static T Run<T>(Func<ITrainingProgress, T> work) =>
        LiveProgress.Run(ctx => work(new Bar(ctx)), () => work(new PlainLines()));

    private static string Line(EpochRecord r, bool improved) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch}: train loss {r.TrainLoss:0.0000}, val loss {r.ValidationLoss:0.0000}, val Dice {r.ValidationDice:0.000}, {r.Seconds:0.0} s{(improved ? " (best)" : "")}");

    private class PlainLines : ITrainingProgress
    {
        /// <summary>How often a log gets a step line: often enough to see a run is alive, rarely enough to read.</summary>
        public static readonly TimeSpan StepLineEvery = TimeSpan.FromSeconds(30);

        private readonly System.Diagnostics.Stopwatch _clock = new();
        private TimeSpan _lastLine;
        private int _epochs, _stepsPerEpoch;
        private long _done;

        public virtual void Started(int firstEpoch, int epochs, int stepsPerEpoch)
        {
            (_epochs, _stepsPerEpoch) = (epochs, stepsPerEpoch);
            _clock.Restart();
            _lastLine = TimeSpan.MinValue;
        }

        public virtual void Step(int epoch, int step, double loss)
        {
            _done++;
            var now = _clock.Elapsed;
            if (_lastLine != TimeSpan.MinValue && now - _lastLine < StepLineEvery) return;
            _lastLine = now;
            double perStep = now.TotalSeconds / _done;
            long left = (long)(_epochs - epoch) * _stepsPerEpoch - step - 1;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch} step {step + 1}/{_stepsPerEpoch}: loss {loss:0.000}, {perStep:0.0} s/step, at most {Durations.Of(left * perStep)} left " +
                    $"(epoch limit {_epochs}; early stopping may end sooner)"));
        }

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
