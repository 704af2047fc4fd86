namespace NativeSeg.Imaging;

/// <summary>
/// An exclusive OS advisory lock on a file (.NET's FileShare.None, flock on Unix): held by one process at a time and
/// released by the kernel when that process ends, even by SIGKILL, so a lock file left behind means nothing on its own.
/// Experiment steps and predicted cases are shared between processes this way.
/// </summary>
public static class FileLock
{
    /// <summary>The file, created if absent, opened under the lock; null when another holder has it.</summary>
    public static FileStream? TryTake(string path)
    {
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path)) { return null; }
    }

    /// <summary>Whether someone holds the lock on <paramref name="path"/> now.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }
}
