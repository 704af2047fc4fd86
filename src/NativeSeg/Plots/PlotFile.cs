using ScottPlot;

namespace NativeSeg.Plots;

/// <summary>Saves a ScottPlot figure as PNG under a temporary name in the target folder, then renames it (no half-written pictures).</summary>
public static class PlotFile
{
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        string full = Path.GetFullPath(path);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.png");
        try
        {
            plot.SavePng(tmp, width, height);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
