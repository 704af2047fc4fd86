using System.Diagnostics;
using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Experiments;

/// <summary>
/// A step of an experiment and how it went: run now (seconds), skipped because an earlier run finished it, or left to
/// another process that holds it (<paramref name="Elsewhere"/>).
/// </summary>
public sealed record StepRecord(string Name, bool Skipped, double Seconds, bool Elsewhere = false);

/// <summary>
/// Makes an experiment resumable and shareable: a step runs only when its marker file (written atomically after the
/// step succeeded, holding its duration) is absent; a re-run skips finished steps and redoes unfinished ones. While a
/// step runs, its lock file is held exclusively (an OS advisory lock, released by the kernel when the process dies,
/// even by kill -9), so several processes (a second shell, Slurm array tasks) can work on one experiment folder: each
/// takes the steps nobody holds.
/// </summary>
public sealed class StepLedger(string directory)
{
    private readonly List<StepRecord> _steps = [];

    public IReadOnlyList<StepRecord> Steps => _steps;

    public bool IsDone(string name) => File.Exists(Marker(name));

    /// <summary>How long a finished step took (its marker's record; 0 when that is unreadable), null while it is not finished.</summary>
    public double? Seconds(string name) =>
        !IsDone(name) ? null : double.TryParse(File.ReadAllText(Marker(name)), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;

    /// <summary>The ledger's name for one shard of a step (a predict step split over processes); the step itself is
    /// marked finished apart, once every case has its output.</summary>
    public static string ShardStep(string step, Data.Shard shard) => $"{step}{ShardInfix}{shard.Index}-of-{shard.Count}";

    private const string ShardInfix = " shard ";

    /// <summary>Whether a process holds the step's lock, or one of its shards' locks, now (it is running there).</summary>
    public bool IsHeld(string name) =>
        FileLock.IsHeld(Marker(name, ".lock"))
        || Directory.Exists(directory) && Directory.EnumerateFiles(directory, Slug(name + ShardInfix) + "*.lock").Any(FileLock.IsHeld);

    /// <summary>Steps another process was running when this one reached them.</summary>
    public IReadOnlyList<string> Elsewhere => _steps.Where(s => s.Elsewhere).Select(s => s.Name).ToList();

    /// <summary>Runs the step unless it is finished or another process holds it; true when it is finished now.</summary>
    public bool Run(string name, Action work)
    {
        if (Finished(name)) return true;
        Directory.CreateDirectory(directory);
        var held = FileLock.TryTake(Marker(name, ".lock"));
        if (held is null)
        {
            _steps.Add(new StepRecord(name, true, 0, Elsewhere: true));
            return false;
        }
        using (held)
        {
            if (Finished(name)) return true;   // another process completed it between the check and the lock
            var clock = Stopwatch.StartNew();
            work();
            MarkDone(name, clock.Elapsed.TotalSeconds);
            _steps.Add(new StepRecord(name, false, clock.Elapsed.TotalSeconds));
        }
        return true;
    }

    private bool Finished(string name)
    {
        if (Seconds(name) is not double earlier) return false;
        _steps.Add(new StepRecord(name, true, earlier));
        return true;
    }

    /// <summary>Records a step as finished (its work was done elsewhere, e.g. a model that ships with NativeSeg).</summary>
    public void MarkDone(string name, double seconds)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteText(Marker(name), seconds.ToString("R", CultureInfo.InvariantCulture));
    }

    private string Marker(string name, string extension = ".done") => Path.Combine(directory, Slug(name) + extension);

    /// <summary>A step name as a file (and Slurm job) name: letters, digits, '-' and '.' kept, the rest '_'.</summary>
    public static string Slug(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
}
