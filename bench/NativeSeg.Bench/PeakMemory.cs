using System.Diagnostics;

namespace NativeSeg.Bench;

/// <summary>Peak resident memory of this process (Linux VmHWM), resettable so each benchmark sees its own peak.</summary>
public static class PeakMemory
{
    /// <summary>Resets the kernel's high-water mark to the current RSS (writing 5 to /proc/self/clear_refs); false where unsupported.</summary>
    public static bool Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak RSS in bytes since start or the last <see cref="Reset"/>.</summary>
    public static long Bytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }

    public static string Format(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB";
}
