using System.Text;

namespace NativeSeg.Experiments;

/// <summary>Resources asked of Slurm for every step (pass-through lines go verbatim after the generated ones).</summary>
public sealed record SlurmResources
{
    public int CpusPerTask { get; init; } = 2;
    /// <summary>--mem for every step; null: each step's memory estimate plus 25 %, or <see cref="FallbackMemory"/> when it has none.</summary>
    public string? Memory { get; init; }
    public const string FallbackMemory = "8G";
    /// <summary>--time for every step; null: each step's time estimate x 2 + 10 min, or the fallbacks when it has none.</summary>
    public string? Time { get; init; }
    public const string FallbackTrainTime = "1-00:00:00", FallbackOtherTime = "02:00:00";
    /// <summary>Shards of a predict step's job array (at most the number of test cases).</summary>
    public int PredictShards { get; init; } = 2;
    /// <summary>Extra sbatch options, one per line without "#SBATCH" (e.g. "--partition=short", "--account=lab").</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];
}

/// <summary>
/// An experiment's plan as Slurm jobs: one sbatch script per step (each runs `nativeseg experiment ... --step NAME`,
/// so it resumes and skips exactly as a local run does), predict steps as job arrays over shards of the test cases,
/// the report last, and submit.sh chaining them with --dependency=afterok on the steps each one needs.
/// </summary>
public static class SlurmScripts
{
    public const string SubmitScript = "submit.sh";

    /// <summary>An estimate plus 25 % in whole GiB (at least 1G), or the fallback.</summary>
    public static string Memory(double? bytes) =>
        bytes is { } b ? $"{Math.Max(1, (long)Math.Ceiling(b * 1.25 / (1024.0 * 1024 * 1024)))}G" : SlurmResources.FallbackMemory;

    /// <summary>An estimate with its margin (x 2 + 10 min: shared nodes, unmeasured overheads), in whole minutes as D-HH:MM:SS.</summary>
    public static string Time(double seconds)
    {
        long minutes = Math.Max(1, (long)Math.Ceiling((2 * seconds + 600) / 60));
        return $"{minutes / 1440}-{minutes / 60 % 24:00}:{minutes % 60:00}:00";
    }

    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<ExperimentStep> plan, Func<string, string?, string> command, SlurmResources resources, int testCases)
    {
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        int shards = Math.Max(1, Math.Min(resources.PredictShards, testCases));
        var scripts = new List<string>();
        var submit = new StringBuilder("#!/usr/bin/env bash\n# Submits the experiment's steps in order, each after the steps it needs (afterok); prints one line per job.\nset -euo pipefail\ncd " +
            "\"$(dirname \"$0\")\"\n");
        var ids = new Dictionary<string, string>();
        var steps = plan.Select(p => (p.Name, p.Kind, p.After, p.MemoryBytes, p.Seconds))
            .Append((ExperimentPlan.ReportStep, StepKind.Report, plan.Select(p => p.Name).ToList(), null, null)).ToList();
        for (int i = 0; i < steps.Count; i++)
        {
            var (name, kind, after, memoryBytes, seconds) = steps[i];
            bool array = kind == StepKind.Predict && shards > 1;
            string time = resources.Time
                ?? (seconds?.Invoke(resources.CpusPerTask) is { } s ? Time(s / (array ? shards : 1))
                    : kind == StepKind.Train ? SlurmResources.FallbackTrainTime : SlurmResources.FallbackOtherTime);
            string file = $"{i:000}-{StepLedger.Slug(name)}.sbatch";
            var text = new StringBuilder("#!/usr/bin/env bash\n");
            text.Append($"#SBATCH --job-name=ns-{i:000}-{StepLedger.Slug(name)}\n");
            text.Append($"#SBATCH --cpus-per-task={resources.CpusPerTask}\n");
            text.Append($"#SBATCH --mem={resources.Memory ?? Memory(memoryBytes)}\n");
            text.Append($"#SBATCH --time={time}\n");
            text.Append($"#SBATCH --output=logs/%x-%A{(array ? "_%a" : "")}.out\n");
            if (array) text.Append($"#SBATCH --array=1-{shards}\n");
            foreach (var extra in resources.Extra) text.Append($"#SBATCH {extra}\n");
            text.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
            text.Append("exec ").Append(command(name, array ? $"${{SLURM_ARRAY_TASK_ID}}/{shards}" : null)).Append('\n');
            File.WriteAllText(Path.Combine(directory, file), text.ToString());
            scripts.Add(file);

            string variable = $"j{i}";
            var needs = after.Where(ids.ContainsKey).Select(a => ids[a]).ToList();
            string dependency = needs.Count > 0 ? $" --dependency=afterok:{string.Join(":", needs)}" : "";
            submit.Append($"{variable}=$(sbatch --parsable{dependency} {file} | cut -d';' -f1)\n");
            submit.Append($"echo \"${variable} {name}\"\n");
            ids[name] = $"${variable}";
        }
        string submitPath = Path.Combine(directory, SubmitScript);
        File.WriteAllText(submitPath, submit.ToString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(submitPath, File.GetUnixFileMode(submitPath) | UnixFileMode.UserExecute);
        return scripts;
    }

    /// <summary>POSIX shell single-quoting.</summary>
    public static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or '=' or ':' or '+')
        ? arg : "'" + arg.Replace("'", "'\"'\"'") + "'";
}
