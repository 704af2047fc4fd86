using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>results.csv: "case,group" then metric columns; undefined values are empty cells. Values use invariant culture, round-trip precision.</summary>
public static class ResultsCsv
{
    public static void Write(string path, IReadOnlyList<CaseResult> rows)
    {
        var columns = rows.SelectMany(r => r.Values.Keys).Distinct().OrderBy(ColumnOrder).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream);
            w.WriteLine(string.Join(',', new[] { "case", "group" }.Concat(columns)));
            foreach (var r in rows)
                w.WriteLine(string.Join(',', new[] { r.Case, r.Group }.Concat(columns.Select(c =>
                    r[c] is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : ""))));
        });
    }

    public static IReadOnlyList<CaseResult> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such results file");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty results file");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header.Length < 3 || header[0] != "case" || header[1] != "group")
            throw new InvalidDataException($"{path}: not a results file (header must start with case,group and name metric columns)");
        var rows = new List<CaseResult>();
        for (int n = 1; n < lines.Length; n++)
        {
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{path}: line {n + 1} has {cells.Length} cells, the header {header.Length}");
            var values = new Dictionary<string, double?>();
            for (int c = 2; c < header.Length; c++)
            {
                string cell = cells[c].Trim();
                if (cell.Length == 0) { values[header[c]] = null; continue; }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"{path}: line {n + 1}, column {header[c]}: '{cell}' is not a number");
                values[header[c]] = v;
            }
            rows.Add(new CaseResult(cells[0].Trim(), cells[1].Trim(), values));
        }
        return rows;
    }

    private static int ColumnOrder(string column)
    {
        int i = Array.IndexOf(MetricColumns.All, column);
        return i < 0 ? MetricColumns.All.Length : i;
    }
}
