using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging.Preprocessing;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg info FILE [--json] [--volume N]`: shape, datatype, spacing, orientation, affine and value
/// statistics (after scl_slope/scl_inter, over every voxel of every volume, or of volume N). min/max/mean
/// skip NaN and infinite voxels (JSON has no NaN); the text output counts them.
/// </summary>
public sealed class InfoCommand : ICliCommand
{
    public Command Build()
    {
        var file = new Argument<string>("file") { Description = "a .nii or .nii.gz image" };
        var json = new Option<bool>("--json") { Description = "print JSON (keys shape, dtype, spacing, affine, orientation, min, max, mean, nonfinite)" };
        var volume = new Option<int?>("--volume") { Description = "statistics of this volume only (0-based) of a 4D image" };
        var command = new Command("info", "Show the header geometry and value range of a NIfTI image.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(volume);
        command.SetAction(parse => UserError.Guard(() =>
        {
            string path = parse.GetValue(file)!;
            var image = NiftiReader.ReadImage(path);
            int? index = parse.GetValue(volume);
            float[] values = index is { } n ? image.GetVolume(n).Voxels : image.Data;
            var stats = ImageStatistics.Of(values);
            Console.Out.Write(parse.GetValue(json) ? Json(image, stats) : Text(path, image, stats, index));
            return 0;
        }));
        return command;
    }

    private static string Json(NiftiImage image, ImageStatistics stats)
    {
        var h = image.Header;
        var affine = image.Affine;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("shape");
            foreach (long d in h.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteString("dtype", h.DataType.Name());
            w.WriteStartArray("spacing");
            foreach (double s in h.Spacing.ToArray()) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteStartArray("affine");
            for (int r = 0; r < 4; r++)
            {
                w.WriteStartArray();
                for (int c = 0; c < 4; c++) w.WriteNumberValue(affine[r, c]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteString("orientation", Orientation.AxisCodes(affine));
            WriteNumberOrNull(w, "min", stats.Min);
            WriteNumberOrNull(w, "max", stats.Max);
            WriteNumberOrNull(w, "mean", stats.Mean);
            w.WriteNumber("nonfinite", stats.NonFiniteCount);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static string Text(string path, NiftiImage image, ImageStatistics stats, int? index)
    {
        var h = image.Header;
        var affine = image.Affine;
        string source = h.SformCode > 0 ? $"sform (code {h.SformCode})" : h.QformCode > 0 ? $"qform (code {h.QformCode})" : "pixdim (no qform/sform)";
        var rows = new List<(string, string)>
        {
            ("file", path),
            ("format", $"NIfTI-{h.Version}, {(h.BigEndian ? "big" : "little")}-endian"),
            ("shape", string.Join(" x ", h.Shape)),
            ("dtype", h.DataType.Name() + (h.HasScaling ? $" (scl_slope {F(h.SclSlope)}, scl_inter {F(h.SclInter)})" : "")),
            ("spacing", string.Join(" x ", h.Spacing.ToArray().Select(F)) + " mm"),
            ("orientation", Orientation.AxisCodes(affine)),
            ("affine", $"from {source}"),
        };
        for (int r = 0; r < 4; r++)
            rows.Add(("", string.Join("  ", Enumerable.Range(0, 4).Select(c => affine[r, c].ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(11)))));
        string scope = index is { } n ? $" (volume {n})" : "";
        rows.Add(("min" + scope, F(stats.Min)));
        rows.Add(("max" + scope, F(stats.Max)));
        rows.Add(("mean" + scope, F(stats.Mean)));
        if (stats.NonFiniteCount > 0) rows.Add(("non-finite", $"{stats.NonFiniteCount} voxel(s) NaN or infinite (left out of min/max/mean)"));
        int width = rows.Max(r => r.Item1.Length);
        var sb = new StringBuilder();
        foreach (var (key, value) in rows) sb.AppendLine($"{key.PadRight(width)}  {value}");
        return sb.ToString();
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
