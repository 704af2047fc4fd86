using System.CommandLine;
using System.Diagnostics;
using NativeSeg.Experiments;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// The experiment flags for running its steps apart: --list-steps, --step NAME [--shard K/N] (one step, as a Slurm job
/// runs it), --workers N (every step in a process of its own, N at once, on this machine), --emit slurm DIR (sbatch
/// scripts + submit.sh) and --submit slurm (emit into OUT/slurm and call sbatch).
/// </summary>
public sealed class ExperimentClusterOptions
{
    private readonly Option<bool> _list = new("--list-steps")
    {
        Description = "print the experiment's steps in order, with what each needs and its state (done, running, ready, waiting), and exit",
    };
    private readonly Option<string?> _step = new("--step") { Description = "run only this step (its prerequisites must be finished), or 'report' for the tables" };
    private readonly Option<string?> _shard = new("--shard") { Description = "with --step of a predict step: only shard K/N of the test cases" };
    private readonly Option<string[]> _emit = new("--emit") { Description = "slurm DIR: write one sbatch script per step and DIR/submit.sh (afterok dependencies); nothing runs",
        Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _submit = new("--submit") { Description = "slurm: emit the scripts into OUT/slurm and submit them with sbatch; prints the job ids" };
    private readonly Option<string[]> _sbatch = new("--sbatch") { Description = "extra sbatch option for every job, repeatable (e.g. --sbatch=--partition=short)",
        AllowMultipleArgumentsPerToken = false };
    private readonly Option<int?> _workers = new("--workers")
    {
        Description = "run every step in a process of its own, up to N at once (each as --step runs it, a prediction as N shards), the cores shared out; " +
            "a process a fault's signal ends (a native abort, the out-of-memory killer) starts again, up to 3 times, and its step resumes from its last checkpoint; " +
            "output per step in OUT/logs",
    };
    private readonly Option<int> _shards = new("--slurm-shards") { Description = "shards of each predict job array", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _cpus = new("--slurm-cpus") { Description = "cpus per Slurm task", DefaultValueFactory = _ => 2 };
    private readonly Option<string?> _time = new("--slurm-time") { Description = "time limit per Slurm task (default: each step's time estimate from the benchmark rates x 2 + 10 min)" };
    private readonly Option<string?> _mem = new("--slurm-mem") { Description = "memory per Slurm task (default: each step's memory estimate + 25 %, 8G when cases.tsv lists no spacings)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _list, _step, _shard, _workers, _emit, _submit, _sbatch, _shards, _cpus, _mem, _time }) command.Options.Add(o);
    }

    public ExperimentSettings Apply(ParseResult parse, ExperimentSettings settings)
    {
        var shard = parse.GetValue(_shard) is { } text ? Data.Shard.Parse(text) : null;
        if (shard is not null && parse.GetValue(_step) is null) throw new UserInputException("--shard needs --step (a predict step)");
        return settings with { OnlyStep = parse.GetValue(_step), Shard = shard };
    }

    /// <summary>Handles --list-steps, --workers, --emit and --submit; null when the experiment is to run in this process (for --workers: its tables and report).</summary>
    public int? Handle(ParseResult parse, ExperimentSettings settings, IReadOnlyList<string> stepArguments)
    {
        if (parse.GetValue(_list))
        {
            var ledger = new StepLedger(new ExperimentLayout(settings.OutDir).Steps);
            foreach (var step in ExperimentRunner.Plan(settings).Steps)
                Console.Out.WriteLine($"{step.Name}{(step.After.Count == 0 ? "" : $"    (after {string.Join(", ", step.After)})")}    {State(ledger, step.Name, step.After)}");
            Console.Out.WriteLine($"{ExperimentPlan.ReportStep}    (after every step)");
            return 0;
        }
        if (parse.GetValue(_workers) is int workers)
        {
            if (workers < 1) throw new UserInputException($"--workers {workers}: expected at least 1");
            if (settings.OnlyStep is not null || parse.GetValue(_emit) is { Length: > 0 } || parse.GetValue(_submit) is not null)
                throw new UserInputException("--workers runs every step itself: it does not combine with --step, --emit or --submit");
            return Workers.LocalWorkers.Run(settings, stepArguments, workers);
        }
        string? directory = null;
        if (parse.GetValue(_emit) is { Length: 2 } emit)
            directory = emit[0].Equals("slurm", StringComparison.OrdinalIgnoreCase) ? emit[1] : throw new UserInputException($"--emit '{emit[0]}': expected slurm DIR");
        bool submit = parse.GetValue(_submit) is { } scheduler
            && (scheduler.Equals("slurm", StringComparison.OrdinalIgnoreCase) ? true : throw new UserInputException($"--submit '{scheduler}': expected slurm"));
        if (directory is null && !submit) return null;
        directory ??= Path.Combine(settings.OutDir, "slurm");
        if (parse.GetValue(_shards) < 1) throw new UserInputException("--slurm-shards must be at least 1");
        var resources = new SlurmResources
        {
            PredictShards = parse.GetValue(_shards),
            CpusPerTask = parse.GetValue(_cpus) >= 1 ? parse.GetValue(_cpus) : throw new UserInputException("--slurm-cpus must be at least 1"),
            Memory = parse.GetValue(_mem),
            Time = parse.GetValue(_time),
            Extra = parse.GetValue(_sbatch) ?? [],
        };
        var (steps, testCases) = ExperimentRunner.Plan(settings);
        string executable = SelfCommand.Current.Shell;
        // The shard is a shell expression of the array task id: double quotes, so the job's shell expands it.
        var scripts = SlurmScripts.Write(directory, steps, (step, shard) =>
            $"{executable} {string.Join(" ", stepArguments.Append("--step").Append(step).Select(SlurmScripts.Quote))}{(shard is null ? "" : $" --shard \"{shard}\"")}",
            resources, testCases);
        Console.Out.WriteLine($"wrote {scripts.Count} sbatch scripts and {SlurmScripts.SubmitScript} to {directory}");
        if (!submit) return 0;
        return Submit(Path.Combine(directory, SlurmScripts.SubmitScript));
    }

    /// <summary>A step's state for --list-steps: done (and how long it took), running in some process, ready, or waiting for the steps it needs.</summary>
    private static string State(StepLedger ledger, string step, IReadOnlyList<string> after) =>
        ledger.Seconds(step) is double seconds ? $"done (last run {Progress.Durations.Of(seconds)})"
        : ledger.IsHeld(step) ? "running"
        : after.All(ledger.IsDone) ? "ready"
        : "waiting";

    private static int Submit(string script)
    {
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new UserInputException("bash could not be started");
        string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Console.Out.Write(stdout);
        if (process.ExitCode != 0)
            throw new UserInputException($"{script}: sbatch failed (exit {process.ExitCode}): {stderr.Trim().Split('\n')[0]}");
        return 0;
    }
}
