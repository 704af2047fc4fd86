using System.Diagnostics;
using System.Text.RegularExpressions;
using NativeSeg.Cli.Workers;
using NativeSeg.Tests.Experiments;

namespace NativeSeg.Tests.Cluster;

/// <summary>
/// experiment --workers: every step in a real process of its own. A step's process ended by a fault's signal is started
/// again and the experiment ends as one uninterrupted process ends it; a stop signal stops the run; a step that fails
/// stops it with one line naming the step and its log.
/// </summary>
[Collection("Console")]
public class LocalWorkersTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static string[] Experiment(TempFolder dir) =>
        ["experiment", "--protocol", "2d3d", "--scale", "tiny", "--models", "unet,unet-1mm", "--data", dir.File("data"), "--seed", "1"];

    /// <summary>Runs the CLI in this process with every worker it starts single-threaded, as the reference run.</summary>
    private static (int Code, string Out, string Err) SingleThreaded(params string[] args)
    {
        string? previous = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
        try { return CliCapture.Run(args); }
        finally { Environment.SetEnvironmentVariable("OMP_NUM_THREADS", previous); }
    }

    [Fact]
    public void AStepKilledFromOutsideStartsAgainAndTheExperimentEndsAsOneProcessEndsIt()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        var reference = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nativeseg"), [.. Experiment(dir), "--out", dir.File("one")])
            { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["OMP_NUM_THREADS"] = "1" } };
        using (var one = new Process { StartInfo = reference })
        {
            var err = new System.Text.StringBuilder();
            one.ErrorDataReceived += (_, e) => err.AppendLine(e.Data);
            one.Start();
            one.BeginErrorReadLine();
            one.StandardOutput.ReadToEnd();
            one.WaitForExit();
            Assert.True(one.ExitCode == 0, err.ToString());
        }

        // The first training's process, once its log names it, gets SIGKILL, as the out-of-memory killer sends it. (A
        // SIGABRT from outside is no stand-in for glibc's abort: once the runtime is up, its handler writes a minidump and
        // the process goes on; an abort() from inside does not return.)
        using var killer = new Killer(dir.File("workers/logs/train_3d_2d_unet.log"), "-KILL");
        var (code, stdout, stderr) = SingleThreaded([.. Experiment(dir), "--out", dir.File("workers"), "--workers", "2"]);
        int killed = killer.Stop();
        log.WriteLine(stdout);
        log.WriteLine(string.Join("\n", Directory.GetFiles(dir.File("workers/logs")).Select(f => $"{Path.GetFileName(f)}: {new FileInfo(f).Length} bytes")));
        Assert.True(code == 0, stdout + stderr);
        Assert.True(killed > 0, "the training's process was not found to kill\n" + stdout);
        Assert.Contains("6 step(s) to run in up to 2 process(es) of 1 thread(s) each, each prediction in 2 shards", stdout);
        Assert.Contains("start  predict 3d+2d unet shard 1-of-2 (process", stdout);   // the masks compared below came from 2 shards
        Assert.Contains("done   predict 3d+2d unet shard 2-of-2", stdout);
        Assert.Matches(@"fault  train 3d\+2d unet: ended by SIGKILL after \d+ s; started again \(restart 1 of 3\)", stdout);
        Assert.Contains("start  train 3d+2d unet (process", stdout);
        Assert.Matches(@"start  train 3d\+2d unet \(process \d+, attempt 2\)", stdout);
        Assert.Matches(@"  train 3d\+2d unet-1mm: epoch 0: train loss", stdout);   // the epoch lines are passed on
        Assert.Contains("ended by SIGKILL", File.ReadAllText(dir.File("workers/logs/train_3d_2d_unet.log")));
        foreach (var folder in new[] { "results/3d+2d", "predictions/3d+2d/unet", "predictions/3d+2d/unet-1mm" })
            SlurmTests.AssertSameFiles(dir.File($"one/{folder}"), dir.File($"workers/{folder}"));
        Assert.Contains("| unet-1mm |", File.ReadAllText(dir.File("workers/report.md")));

        // Everything finished: a second call starts no process and writes the tables again.
        var (again, rerun, _) = SingleThreaded([.. Experiment(dir), "--out", dir.File("workers"), "--workers", "2"]);
        Assert.Equal(0, again);
        Assert.DoesNotContain("start ", rerun);
    }

    [Fact]
    public void AStopSignalToOneStepStopsTheRunAndTheSameCommandContinues()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        using var killer = new Killer(dir.File("out/logs/train_3d_2d_unet.log"), "-TERM");
        var (code, stdout, stderr) = SingleThreaded([.. Experiment(dir), "--out", dir.File("out"), "--workers", "2"]);
        Assert.True(killer.Stop() > 0, "the training's process was not found to stop\n" + stdout);
        Assert.True(code == LocalWorkers.InterruptedExitCode, stdout + stderr);
        Assert.Contains("stop   train 3d+2d unet: ended by SIGTERM", stdout);
        Assert.DoesNotContain("attempt 2", stdout);
        Assert.StartsWith("interrupted: 1 running step(s) stopped; finished steps and checkpoints are kept", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(dir.File("out/report.md")));
        var (again, _, error) = SingleThreaded([.. Experiment(dir), "--out", dir.File("out"), "--workers", "2"]);
        Assert.True(again == 0, error);
        Assert.True(File.Exists(dir.File("out/report.md")));
    }

    /// <summary>Sends a signal, from outside, to the first process a step's log names.</summary>
    private sealed class Killer : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private int _killed;

        public Killer(string log, string signal)
        {
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    if (File.Exists(log) && Regex.Match(File.ReadAllText(log), @"attempt 1, process (\d+)") is { Success: true } m)
                    {
                        using var kill = Process.Start("kill", [signal, m.Groups[1].Value]);
                        kill.WaitForExit();
                        _killed = kill.ExitCode == 0 ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
                        return;
                    }
                    Thread.Sleep(5);
                }
            });
            _thread.Start();
        }

        /// <summary>The process it signalled (0: none was named, -1: it had ended).</summary>
        public int Stop()
        {
            _stop.Cancel();
            _thread.Join();
            return _killed;
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
        }
    }

    [Fact]
    public void AFailingStepIsNotRepeatedAndTheRunEndsWithOneLineNamingItsLog()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        string broken = Directory.GetFiles(dir.File("data/imagesTr")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(broken, [1, 2, 3]);
        var (code, stdout, stderr) = SingleThreaded([.. Experiment(dir), "--out", dir.File("out"), "--workers", "1"]);
        Assert.Equal(1, code);
        string error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^error: step 'train 3d\+2d unet' failed \(exit 1\): error: .*" + Regex.Escape(Path.GetFileName(broken)) +
                       @".*; its output: .*logs/train_3d_2d_unet\.log$", error);
        Assert.Single(Regex.Matches(stdout, "start  "));   // one worker: the failure stops the run before the second training
        Assert.False(File.Exists(dir.File("out/report.md")));
    }

    [Theory]
    [InlineData(0, StepExit.Done, null)]
    [InlineData(75, StepExit.HeldElsewhere, null)]
    [InlineData(1, StepExit.Failed, null)]
    [InlineData(70, StepExit.Failed, null)]
    [InlineData(134, StepExit.Fault, "SIGABRT")]
    [InlineData(137, StepExit.Fault, "SIGKILL")]
    [InlineData(139, StepExit.Fault, "SIGSEGV")]
    [InlineData(130, StepExit.Interrupted, "SIGINT")]
    [InlineData(143, StepExit.Interrupted, "SIGTERM")]
    public void ExitCodesSayHowAStepEnded(int code, StepExit exit, string? signal)
    {
        Assert.Equal(exit, StepProcess.Classify(code));
        if (signal is not null) Assert.Equal(signal, StepProcess.NameOfSignal(code - 128));
    }

    [Theory]
    [InlineData("0", "--workers 0: expected at least 1")]
    [InlineData("2 --step report", "--workers runs every step itself")]
    public void RefusesWorkersItCannotRun(string flags, string message)
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        var (code, _, stderr) = CliCapture.Run([.. Experiment(dir), "--out", dir.File("out"), "--workers", .. flags.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
    }
}
