using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;
using SkiaSharp;

namespace NativeSeg.Evaluation;

/// <summary>
/// The paper's Figure 2: one slice of the image in grey with true positives blue, false negatives green and
/// false positives red, drawn with the physical aspect ratio (each voxel is a spacing-sized rectangle).
/// Horizontal = the lower in-plane array axis, vertical = the other, with its positive world direction up. A heading
/// (what and which slice) goes above the panels and a legend of the three colours below them: the picture says what it
/// shows without its caption.
/// </summary>
public static class OverlayRenderer
{
    public static readonly SKColor TruePositive = new(0, 0, 255);
    public static readonly SKColor FalseNegative = new(0, 255, 0);
    public static readonly SKColor FalsePositive = new(255, 0, 0);

    /// <summary>Target size of the longer side of one panel in pixels.</summary>
    public const int PanelPixels = 480;
    private const int TitleHeight = 28;
    private const int LegendHeight = 28;

    public sealed record Panel(string Title, bool[]? Prediction);

    /// <summary>The slice (along the plane's normal axis) with the most voxels in the given masks; the middle one if none.</summary>
    public static int BusiestSlice(Volume image, int normalAxis, params bool[]?[] masks)
    {
        var counts = new long[image.Shape[normalAxis]];
        var shape = image.Shape;
        foreach (var mask in masks.Where(m => m is not null))
            for (int k = 0; k < shape.Z; k++)
                for (int j = 0; j < shape.Y; j++)
                    for (int i = 0; i < shape.X; i++)
                        if (mask![shape.Index(i, j, k)]) counts[normalAxis == 0 ? i : normalAxis == 1 ? j : k]++;
        long best = counts.Max();
        return best == 0 ? counts.Length / 2 : Array.IndexOf(counts, best);
    }

    /// <summary>Renders panels side by side (each: image + truth vs that panel's prediction) and writes a PNG atomically; the slice drawn.</summary>
    /// <param name="what">The heading's first words (e.g. the case or file); the plane and slice follow.</param>
    public static int Write(string path, Volume image, bool[] truth, IReadOnlyList<Panel> panels, Plane plane, int? slice = null, string? what = null)
    {
        int normal = Planes.NormalAxis(image, plane);
        // the reader wants to see the lesions: the slice with most truth, else the one with most predicted voxels
        int n = slice ?? (truth.Any(t => t)
            ? BusiestSlice(image, normal, truth)
            : BusiestSlice(image, normal, panels.Select(p => p.Prediction).ToArray()));
        if (n < 0 || n >= image.Shape[normal])
            throw new UserInputException($"slice {n} is outside 0..{image.Shape[normal] - 1} of the {plane.ToString().ToLowerInvariant()} axis");
        string heading = $"{(what is null ? "" : what + ": ")}{plane.ToString().ToLowerInvariant()} slice {n} of {image.Shape[normal]} (0-based)";
        using var bitmap = Render(image, truth, panels, normal, n, heading);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        AtomicFile.Write(path, stream => data.SaveTo(stream));
        return n;
    }

    public static SKBitmap Render(Volume image, bool[] truth, IReadOnlyList<Panel> panels, int normal, int slice, string? heading = null)
    {
        var shape = image.Shape;
        if (truth.Length != shape.Count || panels.Any(p => p.Prediction is { } m && m.Length != shape.Count))
            throw new ArgumentException("image, truth and predictions must share one grid");
        int u = normal == 0 ? 1 : 0, v = normal == 2 ? 1 : 2;
        var spacing = new[] { image.Spacing.X, image.Spacing.Y, image.Spacing.Z };
        double widthMm = shape[u] * spacing[u], heightMm = shape[v] * spacing[v];
        double scale = PanelPixels / Math.Max(widthMm, heightMm);
        int w = Math.Max(1, (int)Math.Round(widthMm * scale)), h = Math.Max(1, (int)Math.Round(heightMm * scale));
        bool titled = panels.Any(p => p.Title.Length > 0);
        int headed = heading is null ? 0 : TitleHeight;
        int top = headed + (titled ? TitleHeight : 0);
        int legend = heading is null ? 0 : LegendHeight;
        var bitmap = new SKBitmap(Math.Max(w * panels.Count, heading is null ? 1 : 360), h + top + legend);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Black);
        using var font = new SKFont(SKTypeface.Default, 16);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        if (heading is not null)
        {
            canvas.DrawText(heading, 6, 20, font, white);
            float x = 6;
            foreach (var (colour, label) in new[] { (TruePositive, "true positive"), (FalseNegative, "false negative"), (FalsePositive, "false positive") })
            {
                using var swatch = new SKPaint { Color = colour };
                canvas.DrawRect(x, top + h + 8, 14, 14, swatch);
                canvas.DrawText(label, x + 18, top + h + 20, font, white);
                x += 18 + font.MeasureText(label) + 14;
            }
        }
        var (lo, hi) = Window(image, normal, slice);
        long Index(int a, int b)
        {
            var ijk = new int[3];
            ijk[normal] = slice; ijk[u] = a; ijk[v] = b;
            return shape.Index(ijk[0], ijk[1], ijk[2]);
        }
        for (int p = 0; p < panels.Count; p++)
        {
            var pred = panels[p].Prediction;
            for (int y = 0; y < h; y++)
            {
                int b = Math.Min(shape[v] - 1, (int)((h - 1 - y) / (spacing[v] * scale)));
                for (int x = 0; x < w; x++)
                {
                    int a = Math.Min(shape[u] - 1, (int)(x / (spacing[u] * scale)));
                    long idx = Index(a, b);
                    bool t = truth[idx], q = pred is not null && pred[idx];
                    SKColor c = t && q ? TruePositive : t && pred is not null ? FalseNegative : q ? FalsePositive
                        : t ? FalseNegative : Grey(image.Voxels[idx], lo, hi);
                    bitmap.SetPixel(p * w + x, top + y, c);
                }
            }
            if (titled) canvas.DrawText(panels[p].Title, p * w + 6, headed + 20, font, white);
        }
        return bitmap;
    }

    /// <summary>Grey window from the 1st to the 99th percentile of the slice's nonzero voxels (robust to hot spots).</summary>
    private static (float Lo, float Hi) Window(Volume image, int normal, int slice)
    {
        var shape = image.Shape;
        var values = new List<float>();
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    if ((normal == 0 ? i : normal == 1 ? j : k) == slice && image.Voxels[shape.Index(i, j, k)] is var x && x != 0 && float.IsFinite(x))
                        values.Add(x);
        if (values.Count == 0) return (0, 1);
        values.Sort();
        float lo = values[(int)(0.01 * (values.Count - 1))], hi = values[(int)(0.99 * (values.Count - 1))];
        return hi > lo ? (lo, hi) : (lo, lo + 1);
    }

    private static SKColor Grey(float value, float lo, float hi)
    {
        byte g = (byte)Math.Clamp((value - lo) / (hi - lo) * 255, 0, 255);
        return new SKColor(g, g, g);
    }
}
