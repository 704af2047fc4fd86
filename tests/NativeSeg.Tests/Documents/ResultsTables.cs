using System.Text.RegularExpressions;

namespace NativeSeg.Tests.Documents;

/// <summary>
/// Checks a page's tables against the commands that make them. A results table is preceded by a marker naming the
/// command, <c>&lt;!-- nativeseg compare --results a.csv b.csv ... --&gt;</c> (CSV paths relative to the page), or
/// <c>&lt;!-- nativeseg curves --runs RUN ... --&gt;</c> for training runs (folders holding training.csv), or
/// <c>&lt;!-- nativeseg retention --curves A_retention.csv ... --&gt;</c> for error-retention curves; every
/// table the command prints must follow, in order, before the next marker or heading. A table of settings, not
/// results, is marked <c>&lt;!-- settings --&gt;</c>, and one quoting the paper <c>&lt;!-- from the paper --&gt;</c>. Any
/// other table is a problem: its numbers come from nowhere.
/// </summary>
public static partial class ResultsTables
{
    [GeneratedRegex(@"^<!--\s*nativeseg\s+(?<args>.+?)\s*-->$")]
    private static partial Regex Marker();

    public const string SettingsMarker = "<!-- settings -->";

    /// <summary>Marks a table of numbers quoted from the paper (../shared/design/paper.txt), for comparison.</summary>
    public const string PaperMarker = "<!-- from the paper -->";

    /// <summary>Problems on the page, one line each (empty: every table is regenerated exactly or marked as settings).
    /// With <paramref name="rewrite"/>, a table that differs is replaced by what its command prints now, and a marker
    /// followed by none of its tables (a page written before its results) gets them inserted below it.</summary>
    public static IReadOnlyList<string> Check(string page, string plotFolder, bool rewrite = false)
    {
        var lines = File.ReadAllLines(page).ToList();
        var original = lines.ToList();
        var problems = new List<string>();
        var pending = new Queue<string>();   // tables the last marker's command printed, not yet found
        int markerLine = 0, printed = 0;
        string previous = "";
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (Marker().Match(line) is { Success: true } m)
            {
                i += Unfound(page, lines, markerLine, printed, pending, problems, rewrite);
                markerLine = i + 1;
                var (code, output, error) = Run(m.Groups["args"].Value, Path.GetDirectoryName(Path.GetFullPath(page))!, plotFolder);
                if (code != 0) problems.Add($"{page}:{i + 1}: the command failed: {error.Trim()}");
                foreach (var table in TableBlocks(output.Split('\n'))) pending.Enqueue(table);
                printed = pending.Count;
                previous = line;
                continue;
            }
            if (line.StartsWith('#')) i += Unfound(page, lines, markerLine, printed, pending, problems, rewrite);
            if (line.StartsWith('|') && !previous.StartsWith('|'))
            {
                string table = string.Join("\n", lines.Skip(i).TakeWhile(l => l.Trim().StartsWith('|')).Select(l => l.Trim()));
                string above = lines.Take(i).Reverse().FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
                if (pending.Count > 0)
                {
                    string expected = pending.Dequeue();
                    if (expected != table && rewrite)
                    {
                        int count = table.Split('\n').Length;
                        lines.RemoveRange(i, count);
                        lines.InsertRange(i, expected.Split('\n'));
                        line = lines[i].Trim();
                    }
                    else if (expected != table) problems.Add($"{page}:{i + 1}: the table differs from what its command prints now:\n{expected}");
                }
                else if (above is not (SettingsMarker or PaperMarker))
                    problems.Add($"{page}:{i + 1}: a table with neither a command marker nor {SettingsMarker} or {PaperMarker}");
            }
            previous = line;
        }
        Unfound(page, lines, markerLine, printed, pending, problems, rewrite);
        if (rewrite && !lines.SequenceEqual(original)) File.WriteAllText(page, string.Join("\n", lines) + "\n");
        return problems;
    }

    /// <summary>Reports the marker's tables not found below it, or, rewriting a marker none of whose tables follow it,
    /// inserts them all after the marker line; returns how many lines were inserted.</summary>
    private static int Unfound(string page, List<string> lines, int markerLine, int printed, Queue<string> pending, List<string> problems, bool rewrite)
    {
        int inserted = 0;
        if (pending.Count > 0 && rewrite && pending.Count == printed)
        {
            var block = pending.SelectMany(table => new[] { "" }.Concat(table.Split('\n'))).ToList();
            lines.InsertRange(markerLine, block);
            inserted = block.Count;
        }
        else if (pending.Count > 0) problems.Add($"{page}:{markerLine}: the command prints {pending.Count} more table(s) than follow it:\n{pending.Peek()}");
        pending.Clear();
        return inserted;
    }

    private static IEnumerable<string> TableBlocks(IEnumerable<string> lines)
    {
        var block = new List<string>();
        foreach (var raw in lines.Append(""))
        {
            string line = raw.Trim();
            if (line.StartsWith('|')) { block.Add(line); continue; }
            if (block.Count > 0) yield return string.Join("\n", block);
            block.Clear();
        }
    }

    /// <summary>Runs the marker's command (compare; curves for training runs; retention for error-retention curves)
    /// in-process; its --results, --runs or --curves paths are the page's, and its pictures (compare's --plot-dir, the
    /// others' --out) go to <paramref name="plotFolder"/>, so a check never rewrites a committed picture.</summary>
    private static (int Code, string Out, string Err) Run(string args, string pageFolder, string plotFolder)
    {
        var tokens = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var rewritten = new List<string>();
        bool inPaths = false;
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (t.StartsWith("--", StringComparison.Ordinal)) inPaths = t is "--results" or "--runs" or "--curves";
            if (t is "--plot-dir" or "--out") { i++; continue; }
            // A model's seeds joined by '+' are each relative to the page.
            rewritten.Add(inPaths && !t.StartsWith("--", StringComparison.Ordinal) ? string.Join('+', t.Split('+').Select(p => Path.Combine(pageFolder, p))) : t);
        }
        rewritten.AddRange(tokens.FirstOrDefault() == "compare" ? ["--plot-dir", plotFolder] : ["--out", Path.Combine(plotFolder, tokens[0] + ".png"), "--overwrite"]);
        return CliCapture.Run(rewritten.ToArray());
    }
}
