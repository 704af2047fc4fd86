using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NativeSeg.Bench;

/// <summary>Warm-up, repeated runs, median and min; each suite's table replaces its own section of BENCHMARKS.md.
/// NATIVESEG_BENCH_CASES (case names separated by ';', since names hold commas) runs only those cases of a suite.</summary>
public static class BenchmarkRunner
{
    /// <summary>The repository the bench runs in (the folder holding NativeSeg.slnx), for BENCHMARKS.md and the shipped models.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "NativeSeg.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The suite's section for BENCHMARKS.md and how many cases it ran.</summary>
    public static (string Section, int Rows) RunSuite(IBenchmarkSuite suite, Action<string> log)
    {
        int rows = 0;
        var sb = new StringBuilder();
        sb.AppendLine($"## {suite.Title}");
        sb.AppendLine();
        sb.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {Environment.OSVersion}.");
        sb.AppendLine();
        sb.AppendLine("| benchmark | median | min | runs | notes |");
        sb.AppendLine("|---|---|---|---|---|");
        var wanted = Environment.GetEnvironmentVariable("NATIVESEG_BENCH_CASES")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var c in suite.Cases())
        {
            if (wanted != null && !wanted.Contains(c.Name)) continue;
            c.Setup?.Invoke();
            for (int w = 0; w < c.WarmUp; w++) c.Run();
            var seconds = new List<double>();
            for (int r = 0; r < c.Repeats; r++)
            {
                var sw = Stopwatch.StartNew();
                c.Run();
                seconds.Add(sw.Elapsed.TotalSeconds);
            }
            seconds.Sort();
            double median = seconds.Count % 2 == 1
                ? seconds[seconds.Count / 2]
                : 0.5 * (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]);
            string notes = c.Notes?.Invoke(median) ?? "";
            string line = $"| {c.Name} | {Format(median, c.Unit)} | {Format(seconds[0], c.Unit)} | {c.Repeats} | {notes} |";
            log(line);
            sb.AppendLine(line);
            rows++;
        }
        return (sb.ToString(), rows);
    }

    private static string Format(double seconds, string unit) => unit == "ms"
        ? (seconds * 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    /// <summary>Replaces the section whose heading is "## title" (or appends it), keeping the others.</summary>
    public static void WriteSection(string path, string title, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# NativeSeg benchmarks\n\nRun with `dotnet run -c Release --project bench/NativeSeg.Bench [suite ...]`.\n\n";
        string heading = $"## {title}";
        int start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            text = text[..start] + section + (end >= 0 ? text[(end + 1)..] : "");
        }
        else
        {
            text = text.TrimEnd('\n') + "\n\n" + section;
        }
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text.TrimEnd('\n') + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}
