using System.Globalization;
using System.Runtime.InteropServices;
using NativeSeg.Cli.Progress;
using NativeSeg.Experiments;

namespace NativeSeg.Cli.Workers;

/// <summary>
/// experiment --workers N: the experiment's steps in up to N processes of this program at once, each step its own
/// `experiment ... --step NAME` (as a Slurm job runs it), started in plan order once the steps it needs have finished;
/// a predict step runs as N shards of its test cases (<see cref="StepUnits"/>).
/// A training is hours of libtorch in one process, and a native abort ends that process whatever runs inside it; here
/// it ends one step's process, which is started again and resumes from the step's last checkpoint. A step that fails
/// on its own terms (bad data, a bug) is not repeated: no new step starts, the running ones finish. A stop signal, to
/// this process or to a step's, stops them all; what finished is kept and the same command continues.
/// </summary>
public sealed class LocalWorkers
{
    /// <summary>How often one step's process may be started again after a fault's signal ended it.</summary>
    public const int RestartsPerStep = 3;

    /// <summary>How long a step that another process holds waits before it is asked for again.</summary>
    public static readonly TimeSpan HeldRetry = TimeSpan.FromSeconds(30);

    /// <summary>Exit code after a stop signal (128 + SIGINT, as a shell reports Ctrl+C).</summary>
    public const int InterruptedExitCode = 130;

    private readonly ExperimentLayout _layout;
    private readonly IReadOnlyList<string> _stepArguments;
    private readonly int _workers;
    private readonly string? _threads;
    private readonly IReadOnlyDictionary<string, StepUnit> _units;
    private readonly StepQueue _queue;
    private readonly List<StepProcess> _running = [];
    private readonly Dictionary<string, int> _restarts = [];
    private readonly HashSet<string> _toldHeld = [];
    private readonly CancellationTokenSource _interrupted = new();
    private string? _failure;
    private int _failureCode;

    private LocalWorkers(ExperimentSettings settings, IReadOnlyList<string> stepArguments, int workers)
    {
        (_layout, _stepArguments, _workers) = (new ExperimentLayout(settings.OutDir), stepArguments, workers);
        var ledger = new StepLedger(_layout.Steps);
        _units = StepUnits.Of(ExperimentRunner.Plan(settings).Steps, workers).ToDictionary(u => u.Name);
        _queue = new StepQueue(_units.Values.Select(u => (u.Name, u.After)), name => StepUnits.IsDone(_units[name], ledger));
        // libtorch takes every core per process unless told: N processes share them out.
        _threads = Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 } ? null
            : Math.Max(1, Environment.ProcessorCount / workers).ToString(CultureInfo.InvariantCulture);
    }

    /// <returns>Null when every step has finished (the caller then writes the tables and report), else the exit code.</returns>
    public static int? Run(ExperimentSettings settings, IReadOnlyList<string> stepArguments, int workers)
    {
        var run = new LocalWorkers(settings, stepArguments, workers);
        if (run._queue.AllDone) return null;
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }
            .Select(signal => PosixSignalRegistration.Create(signal, context => { context.Cancel = true; run._interrupted.Cancel(); })).ToList();
        try { return run.Loop(); }
        finally
        {
            foreach (var r in registrations) r.Dispose();
            run._interrupted.Dispose();
        }
    }

    private int? Loop()
    {
        Directory.CreateDirectory(_layout.Logs);
        var left = _queue.Left.Select(name => _units[name]).ToList();
        string shards = left.Any(u => u.Shard is not null) ? $", each prediction in {_workers} shards" : "";
        Console.Out.WriteLine($"{left.Select(u => u.Step).Distinct().Count()} step(s) to run in up to {_workers} process(es) of " +
                              $"{_threads ?? Environment.GetEnvironmentVariable("OMP_NUM_THREADS")} thread(s) each{shards}; each step's output in {_layout.Logs}");
        while (true)
        {
            if (_failure is null && !_interrupted.IsCancellationRequested)
                foreach (var step in _queue.Ready(_workers - _running.Count, DateTime.UtcNow)) Start(step);
            if (_running.Count == 0 && (_queue.AllDone || _failure is not null || _queue.Stuck)) break;
            WaitForAny();
            foreach (var ended in _running.Where(p => p.Ended.IsCompleted).ToList())
            {
                _running.Remove(ended);
                using (ended) Handle(ended);
            }
            if (_interrupted.IsCancellationRequested) return StopAll();
        }
        if (_failure is null) return null;
        Console.Error.WriteLine($"error: {_failure}");
        return _failureCode;
    }

    private void Start(string step)
    {
        int attempt = _restarts.GetValueOrDefault(step) + 1;
        string slug = StepLedger.Slug(step);
        var unit = _units[step];
        var start = SelfCommand.Current.StartInfo(_stepArguments.Concat(unit.Shard is { } shard ? ["--step", unit.Step, "--shard", shard.ToString()] : ["--step", unit.Step]));
        if (_threads is not null) start.Environment["OMP_NUM_THREADS"] = _threads;
        // A process a native abort ends leaves a .NET minidump (stacks, modules) beside its log, for a bug report.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "1";
        start.Environment["DOTNET_DbgMiniDumpType"] = "1";
        start.Environment["DOTNET_DbgMiniDumpName"] = Path.Combine(_layout.Logs, $"{slug}.%p.dmp");
        var process = StepProcess.Start(step, attempt, Path.Combine(_layout.Logs, slug + ".log"), start, line => Console.Out.WriteLine($"  {step}: {line}"));
        _queue.Started(step);
        _running.Add(process);
        Say($"start  {step} (process {process.Id}{(attempt > 1 ? $", attempt {attempt}" : "")})");
    }

    private void Handle(StepProcess ended)
    {
        string step = ended.Step, after = Durations.Of(ended.Elapsed.TotalSeconds);
        switch (ended.Exit)
        {
            case StepExit.Done:
                _queue.Finished(step);
                Say($"done   {step} ({after})");
                break;
            case StepExit.HeldElsewhere:
                _queue.Later(step, DateTime.UtcNow + HeldRetry);
                if (_toldHeld.Add(step)) Say($"held   {step} by another process; asked again every {HeldRetry.TotalSeconds:0} s");
                break;
            case StepExit.Fault when _restarts.GetValueOrDefault(step) < RestartsPerStep:
                int restart = _restarts[step] = _restarts.GetValueOrDefault(step) + 1;
                string again = $"ended by {ended.SignalName} after {after}; started again (restart {restart} of {RestartsPerStep}), it resumes from its last " +
                               $"checkpoint{Dump(ended)}";
                ended.Note(again);
                Say($"fault  {step}: {again}");
                _queue.Later(step, DateTime.UtcNow);
                break;
            case StepExit.Interrupted:
                Say($"stop   {step}: ended by {ended.SignalName}");
                _interrupted.Cancel();
                break;
            default:
                _queue.Failed(step);
                string why = ended.Exit == StepExit.Fault
                    ? $"ended by {ended.SignalName} {RestartsPerStep + 1} times{Dump(ended)}"
                    : $"failed (exit {ended.ExitCode}): {ended.LastError ?? "no message"}";
                _failure ??= $"step '{step}' {why}; its output: {ended.LogPath}";
                if (_failureCode == 0) _failureCode = ended.Exit == StepExit.Fault ? UserError.BugExitCode : ended.ExitCode;
                Say($"failed {step}: {why}" + (_running.Count > 0 ? $"; no new step starts, {_running.Count} running step(s) finish" : ""));
                break;
        }
    }

    private int StopAll()
    {
        foreach (var p in _running) p.Kill();
        foreach (var p in _running)
        {
            p.Ended.Wait();
            p.Dispose();
        }
        Console.Error.WriteLine($"interrupted: {_running.Count} running step(s) stopped; finished steps and checkpoints are kept, and the same command " +
                                "continues where it stopped");
        return InterruptedExitCode;
    }

    private void WaitForAny()
    {
        var waits = _running.Select(p => p.Ended).ToList();
        TimeSpan timeout = _queue.NextRetry is DateTime at ? at - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 50, int.MaxValue);
        if (waits.Count == 0) waits.Add(Task.Delay(milliseconds, _interrupted.Token));
        try { Task.WaitAny([.. waits], milliseconds, _interrupted.Token); }
        catch (OperationCanceledException) { }
    }

    private string Dump(StepProcess ended)
    {
        string dump = Path.Combine(_layout.Logs, $"{StepLedger.Slug(ended.Step)}.{ended.Id}.dmp");
        return File.Exists(dump) ? $" (a minidump: {dump})" : "";
    }

    private static void Say(string line) => Console.Out.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
