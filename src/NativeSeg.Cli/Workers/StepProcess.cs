using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NativeSeg.Cli.Workers;

/// <summary>How a step's process ended.</summary>
public enum StepExit { Done, HeldElsewhere, Fault, Interrupted, Failed }

/// <summary>
/// One step of an experiment in a process of its own (`nativeseg experiment ... --step NAME`): everything it prints goes
/// to the step's log file, its epoch lines are also passed on, and its end is classified. A process ended by a fault's
/// signal (a native abort in libtorch or glibc ends the whole process, which no handler inside it can survive) is what
/// a restart is for; a stop signal means somebody stopped it; an exit code is the step's own answer.
/// </summary>
public sealed partial class StepProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private string? _lastError;

    public string Step { get; }
    public int Attempt { get; }
    public string LogPath { get; }
    public int Id => _process.Id;
    public TimeSpan Elapsed => _clock.Elapsed;

    private StepProcess(string step, int attempt, string logPath, ProcessStartInfo start, Action<string> relay)
    {
        (Step, Attempt, LogPath) = (step, attempt, logPath);
        _log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            Write(line);
            if (ProgressLine().IsMatch(line)) relay(line);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line) return;
            Write(line);
            lock (_gate) _lastError = line;
        };
        _process.Start();
        Write($"== {step}: attempt {attempt}, process {_process.Id}, {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Ended = Drained();
    }

    /// <summary>Starts <paramref name="start"/> for <paramref name="step"/>, appending its output to <paramref name="logPath"/>.</summary>
    public static StepProcess Start(string step, int attempt, string logPath, ProcessStartInfo start, Action<string> relay) =>
        new(step, attempt, logPath, start, relay);

    /// <summary>Completes when the process has ended and its output is in the log.</summary>
    public Task Ended { get; }

    private async Task Drained()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.WaitForExit();   // the output events of an ended process are drained by this overload, not by the async one
    }

    /// <summary>The exit code; on Linux a process ended by signal S reports 128 + S.</summary>
    public int ExitCode => _process.ExitCode;

    public StepExit Exit => Classify(ExitCode);

    public string SignalName => NameOfSignal(ExitCode - 128);

    /// <summary>What an exit code says of how a step's process ended; on Linux a process ended by signal S reports 128 + S.</summary>
    public static StepExit Classify(int exitCode) => exitCode switch
    {
        0 => StepExit.Done,
        Commands.ExperimentCommand.PendingExitCode => StepExit.HeldElsewhere,
        // SIGHUP, SIGINT, SIGQUIT, SIGTERM: somebody asked it to stop (Ctrl+C reaches every process of the terminal).
        129 or 130 or 131 or 143 when !OperatingSystem.IsWindows() => StepExit.Interrupted,
        // SIGABRT, SIGSEGV, ... and SIGKILL, which is also how the kernel's out-of-memory killer ends a process.
        > 128 and < 160 when !OperatingSystem.IsWindows() => StepExit.Fault,
        _ => StepExit.Failed,
    };

    /// <summary>A signal as kill -l names it.</summary>
    public static string NameOfSignal(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };

    /// <summary>The last line the step wrote to stderr: its one-line error when it refused or failed.</summary>
    public string? LastError
    {
        get { lock (_gate) return _lastError; }
    }

    public void Note(string line) => Write(line);

    public void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }   // it ended meanwhile
    }

    public void Dispose()
    {
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private void Write(string line)
    {
        lock (_gate) _log.WriteLine(line);
    }

    // Epoch summaries and resumptions: a line per epoch, not the per-step lines in between.
    [GeneratedRegex(@"^(epoch \d+: |resuming )")]
    private static partial Regex ProgressLine();
}
