using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// Held while a process predicts a case: an OS advisory lock on a hidden file beside the case's mask
/// (<c>.case.nii.gz.predicting</c>), released by the kernel when the process ends, even by SIGKILL. Two processes
/// predicting one folder (two shells, or shards whose splits overlap) thereby never compute the same case twice or delete
/// each other's temporaries, and <see cref="PredictionStatus"/> can tell a case under way from a missing one: without
/// it, a case shows no file at all until its first output is written, minutes into a whole-volume ensemble. A file
/// whose lock nobody holds is a leftover and means nothing.
/// </summary>
public sealed class CaseLock : IDisposable
{
    private readonly FileStream _held;

    private CaseLock(FileStream held) => _held = held;

    public string Path => _held.Name;

    public static string PathFor(PredictionCase c)
    {
        string mask = System.IO.Path.GetFullPath(c.MaskPath);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(mask)!, $".{System.IO.Path.GetFileName(mask)}.predicting");
    }

    /// <summary>The case's lock, or null when another process holds it.</summary>
    public static CaseLock? TryTake(PredictionCase c) => FileLock.TryTake(PathFor(c)) is { } held ? new CaseLock(held) : null;

    /// <summary>Whether a process holds the case's lock now.</summary>
    public static bool IsHeld(PredictionCase c) => FileLock.IsHeld(PathFor(c));

    /// <summary>Removes the file, then releases the lock: a process that opened the file before the removal gets a lock
    /// on a file no longer in the folder, and finds the case's outputs complete when it checks again.</summary>
    public void Dispose()
    {
        try { File.Delete(_held.Name); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _held.Dispose();
    }
}
