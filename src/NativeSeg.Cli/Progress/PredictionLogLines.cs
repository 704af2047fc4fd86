using System.Diagnostics;
using NativeSeg.Inference;

namespace NativeSeg.Cli.Progress;

/// <summary>
/// A prediction in a log (output redirected: Slurm, nohup, pipes): one line per finished or skipped case, and, while a
/// case runs longer than <see cref="QuietFor"/> (an RA-U-Net on a 0.3 mm grid takes minutes per window), a line a minute
/// with its windows done and the time the rest of them will take at the pace so far; an ensemble's members each get a
/// line, from the second on with the time the case has taken and the time its other members will take.
/// </summary>
public sealed class PredictionLogLines(Func<TimeSpan>? clock = null) : IPredictionProgress
{
    /// <summary>Cases shorter than this get no progress line: a folder of quick cases logs one line each.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan LineEvery = TimeSpan.FromMinutes(1);

    private readonly Func<TimeSpan> _now = clock ?? Started();
    private string _case = "";
    private int _index, _count, _planned, _done;
    private TimeSpan _caseStart, _windowsStart, _lastLine;

    private static Func<TimeSpan> Started()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    public void CaseStarted(string name, int index, int count)
    {
        (_case, _index, _count) = (name, index, count);
        _caseStart = _lastLine = _now();
    }

    public void PatchesPlanned(int count)
    {
        (_planned, _done) = (count, 0);
        _windowsStart = _now();
    }

    public void PatchDone()
    {
        _done++;
        var now = _now();
        if (now - _caseStart < QuietFor || now - _lastLine < LineEvery || _done >= _planned) return;
        _lastLine = now;
        double left = (now - _windowsStart).TotalSeconds / _done * (_planned - _done);
        Console.Out.WriteLine($"{_case}: window {_done}/{_planned}, {Durations.Of((now - _caseStart).TotalSeconds)} into case {_index + 1} of {_count}, " +
                              $"about {Durations.Of(left)} more for its other windows");
    }

    public void MemberStarted(int index, int count)
    {
        var taken = (_now() - _caseStart).TotalSeconds;
        Console.Out.WriteLine(index == 0 ? $"{_case}: ensemble member 1 of {count}"
            : $"{_case}: ensemble member {index + 1} of {count}, {Durations.Of(taken)} into the case, " +
              $"about {Durations.Of(taken / index * (count - index))} more for its other members");
    }

    public void Note(string message) => Console.Out.WriteLine($"{_case}: {message}");

    public void CaseSkipped(string name, string why) => Console.Out.WriteLine($"{name}: {why}");

    public void CaseFinished(string name, IReadOnlyList<string> outputs) => Console.Out.WriteLine($"{name}: wrote {string.Join(", ", outputs)}");
}

