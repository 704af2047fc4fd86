using NativeSeg.Imaging;
using SkiaSharp;

namespace NativeSeg.Phantom;

/// <summary>
/// A PNG montage of one case (docs/design/phantom.md §12, pitfall P12): axial, coronal and sagittal views through the lesions'
/// centre, drawn in world millimetres whatever the acquisition plane (so thick 2D slices show their staircase),
/// top row the image, bottom row the image with the truth in red. Neurological display (right on the right).
/// </summary>
public static class PreviewMontage
{
    private const int MinPanelPixels = 256;

    public static void Write(string path, Volume image, byte[] truth)
    {
        using var bitmap = Render(image, truth);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => data.SaveTo(stream));
    }

    public static SKBitmap Render(Volume image, byte[] truth)
    {
        var a = image.Affine;
        var inv = a.Linear.Inverse();
        var shape = image.Shape;
        // World box of the volume.
        double[] lo = { double.MaxValue, double.MaxValue, double.MaxValue }, hi = { double.MinValue, double.MinValue, double.MinValue };
        for (int c = 0; c < 8; c++)
        {
            var (x, y, z) = a.Apply((c & 1) * (shape.X - 1), ((c >> 1) & 1) * (shape.Y - 1), (c >> 2) * (shape.Z - 1));
            double[] p = { x, y, z };
            for (int d = 0; d < 3; d++) { lo[d] = Math.Min(lo[d], p[d]); hi[d] = Math.Max(hi[d], p[d]); }
        }
        var centre = Focus(image, truth, lo, hi);
        var brain = image.Voxels.Where(v => v > 0).ToArray();
        Array.Sort(brain);
        double white = brain.Length > 0 ? brain[(int)(brain.Length * 0.995)] : 1;

        double pixel = Math.Min(0.5, Math.Max(hi[0] - lo[0], Math.Max(hi[1] - lo[1], hi[2] - lo[2])) / MinPanelPixels);
        // Views: (horizontal world axis, vertical world axis, fixed axis).
        var views = new[] { (0, 1, 2), (0, 2, 1), (1, 2, 0) };
        var sizes = views.Select(v => ((int)Math.Ceiling((hi[v.Item1] - lo[v.Item1]) / pixel) + 1, (int)Math.Ceiling((hi[v.Item2] - lo[v.Item2]) / pixel) + 1)).ToArray();
        int width = sizes.Sum(s => s.Item1) + 2 * 4, height = 2 * sizes.Max(s => s.Item2) + 4;
        var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Black);
        int x0 = 0;
        for (int v = 0; v < 3; v++)
        {
            var (h, vert, fixedAxis) = views[v];
            var (w, ht) = sizes[v];
            for (int py = 0; py < ht; py++)
                for (int px = 0; px < w; px++)
                {
                    var world = new double[3];
                    world[h] = lo[h] + px * pixel;
                    world[vert] = hi[vert] - py * pixel;
                    world[fixedAxis] = centre[fixedAxis];
                    double dx = world[0] - a[0, 3], dy = world[1] - a[1, 3], dz = world[2] - a[2, 3];
                    int i = (int)Math.Round(inv[0, 0] * dx + inv[0, 1] * dy + inv[0, 2] * dz);
                    int j = (int)Math.Round(inv[1, 0] * dx + inv[1, 1] * dy + inv[1, 2] * dz);
                    int k = (int)Math.Round(inv[2, 0] * dx + inv[2, 1] * dy + inv[2, 2] * dz);
                    if (i < 0 || j < 0 || k < 0 || i >= shape.X || j >= shape.Y || k >= shape.Z) continue;
                    long n = shape.Index(i, j, k);
                    byte g = (byte)Math.Clamp(255 * image.Voxels[n] / white, 0, 255);
                    bitmap.SetPixel(x0 + px, py, new SKColor(g, g, g));
                    var overlay = truth[n] == 1 ? new SKColor((byte)Math.Min(255, g / 2 + 140), (byte)(g / 3), (byte)(g / 3)) : new SKColor(g, g, g);
                    bitmap.SetPixel(x0 + px, height / 2 + 2 + py, overlay);
                }
            x0 += w + 4;
        }
        return bitmap;
    }

    /// <summary>World point the views pass through: the truth's centre of mass, else the volume's centre.</summary>
    private static double[] Focus(Volume image, byte[] truth, double[] lo, double[] hi)
    {
        var shape = image.Shape;
        double sx = 0, sy = 0, sz = 0; long count = 0;
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    if (truth[shape.Index(i, j, k)] == 1) { sx += i; sy += j; sz += k; count++; }
        if (count == 0) return new[] { (lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2 };
        var (x, y, z) = image.Affine.Apply(sx / count, sy / count, sz / count);
        return new[] { x, y, z };
    }
}
