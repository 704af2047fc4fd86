using NativeSeg.Imaging.Geometry;
using System.Globalization;
using NativeSeg.Imaging;

namespace NativeSeg.Data;

/// <summary>
/// cases.tsv: a header line "case group plane spacing lesions lesion_ml" (tab separated), spacing
/// written "x,y,z" in mm, empty cells for unknown lesion numbers. Reading needs only the first four
/// columns, in that order, so hand-written tables work.
/// </summary>
public static class CaseTable
{
    public const string FileName = "cases.tsv";
    private static readonly string[] Columns = ["case", "group", "plane", "spacing", "lesions", "lesion_ml"];

    public static IReadOnlyList<CaseInfo> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty case table");
        var header = lines[0].Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header.Length < 4 || !header.Take(4).SequenceEqual(Columns.Take(4)))
            throw new InvalidDataException($"{path}: header must start with case, group, plane, spacing (tab separated)");
        var rows = new List<CaseInfo>();
        for (int n = 1; n < lines.Length; n++)
        {
            var cells = lines[n].Split('\t');
            if (cells.Length < 4) throw new InvalidDataException($"{path}: line {n + 1} has {cells.Length} columns, expected at least 4");
            Spacing spacing;
            try { spacing = Spacing.Parse(cells[3]); }
            catch (UserInputException e) { throw new InvalidDataException($"{path}: line {n + 1}: {e.Message}"); }
            rows.Add(new CaseInfo(cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), spacing,
                cells.Length > 4 && cells[4].Trim().Length > 0 ? int.Parse(cells[4], CultureInfo.InvariantCulture) : null,
                cells.Length > 5 && cells[5].Trim().Length > 0 ? double.Parse(cells[5], CultureInfo.InvariantCulture) : null));
        }
        return rows;
    }

    public static void Write(string path, IEnumerable<CaseInfo> rows)
    {
        var lines = new List<string> { string.Join('\t', Columns) };
        foreach (var r in rows)
            lines.Add(string.Join('\t', r.Case, r.Group, r.Plane,
                string.Create(CultureInfo.InvariantCulture, $"{r.Spacing.X:0.####},{r.Spacing.Y:0.####},{r.Spacing.Z:0.####}"),
                r.LesionCount?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.LesionMl?.ToString("0.####", CultureInfo.InvariantCulture) ?? ""));
        AtomicFile.Write(path, stream => { using var w = new StreamWriter(stream); foreach (var l in lines) w.WriteLine(l); });
    }
}
