using System.Diagnostics;
using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Experiments;

/// <summary>A step of an experiment and how it went: run now (seconds) or skipped because an earlier run finished it.</summary>
public sealed record StepRecord(string Name, bool Skipped, double Seconds);

/// <summary>
/// Makes an experiment resumable: a step runs only when its marker file (written atomically after the step
/// succeeded, holding its duration) is absent; a re-run skips finished steps and redoes unfinished ones.
/// </summary>
public sealed class StepLedger(string directory)
{
    private readonly List<StepRecord> _steps = [];

    public IReadOnlyList<StepRecord> Steps => _steps;

    public bool IsDone(string name) => File.Exists(Marker(name));

    public void Run(string name, Action work)
    {
        if (IsDone(name))
        {
            double earlier = double.TryParse(File.ReadAllText(Marker(name)), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;
            _steps.Add(new StepRecord(name, true, earlier));
            return;
        }
        var clock = Stopwatch.StartNew();
        work();
        MarkDone(name, clock.Elapsed.TotalSeconds);
        _steps.Add(new StepRecord(name, false, clock.Elapsed.TotalSeconds));
    }

    /// <summary>Records a step as finished (its work was done elsewhere, e.g. a model that ships with NativeSeg).</summary>
    public void MarkDone(string name, double seconds)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteText(Marker(name), seconds.ToString("R", CultureInfo.InvariantCulture));
    }

    private string Marker(string name) => Path.Combine(directory, string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".done");
}
