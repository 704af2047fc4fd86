using System.IO.Compression;

namespace NativeSeg.Imaging;

/// <summary>
/// Writes an output under a temporary name in the destination folder and renames it only when complete,
/// so a failure never leaves a half-written file under the real name.
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a stream to a temporary file (gzip-compressed when the path ends in .gz), then renames.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{path}: folder {dir} does not exist");
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    using var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                    write(gz);
                }
                else write(file);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream => { using var w = new StreamWriter(stream); w.Write(text); });

    /// <summary>
    /// Deletes temporaries that <see cref="Write"/> left for <paramref name="path"/> when its process was killed
    /// mid-write (a normal failure deletes its own). Returns how many were removed.
    /// </summary>
    /// <summary>True when a temporary of <paramref name="path"/> exists: a write is under way or was killed.</summary>
    public static bool HasLeftovers(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        return Directory.Exists(dir) && Directory.EnumerateFiles(dir, $".{Path.GetFileName(full)}.*.tmp").Any();
    }

    public static int DeleteLeftovers(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return 0;
        int removed = 0;
        foreach (var tmp in Directory.EnumerateFiles(dir, $".{Path.GetFileName(full)}.*.tmp"))
        {
            try { File.Delete(tmp); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }
}
