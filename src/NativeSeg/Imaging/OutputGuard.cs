using System.Runtime.InteropServices;

namespace NativeSeg.Imaging;

/// <summary>
/// Refuses an output path that is one of the command's inputs under another name: paths are compared after
/// resolving every symbolic link (realpath of the deepest existing folder, then the rest of the path), and without
/// regard to case where the platform's file systems usually ignore it (Windows, macOS). A string comparison let
/// `predict` into a symlink of the input folder overwrite the inputs.
/// </summary>
public static class OutputGuard
{
    /// <exception cref="ArgumentException">the output resolves to one of the inputs</exception>
    public static void RequireNotAnInput(string output, IEnumerable<string> inputs)
    {
        string target = Resolve(output);
        foreach (var input in inputs)
            if (string.Equals(target, Resolve(input), Comparison))
                throw new UserInputException($"{output}: output would overwrite the input {input}");
    }

    /// <summary>An output file that exists is replaced only when the user said so (--overwrite).</summary>
    /// <exception cref="IOException">it exists and <paramref name="overwrite"/> is false</exception>
    public static void RequireReplaceable(string path, bool overwrite)
    {
        if (Directory.Exists(path)) throw new IOException($"{path}: is a folder; give a file name");
        if (File.Exists(path) && !overwrite) throw new IOException($"{path}: exists already; add --overwrite to replace it");
    }

    /// <summary>A folder a command fills from nothing: new or empty, so nothing of an earlier run mixes in.</summary>
    public static void RequireEmptyFolder(string path, string why)
    {
        if (File.Exists(path)) throw new IOException($"{path}: is a file; give a new or empty folder");
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            throw new IOException($"{path}: is not empty; give a new or empty folder ({why})");
    }

    private static StringComparison Comparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The canonical absolute path: links resolved along the existing part, the missing rest appended.</summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        var missing = new Stack<string>();
        string? existing = full;
        while (existing is not null && !File.Exists(existing) && !Directory.Exists(existing))
        {
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing);
        }
        string resolved = existing is null ? full : RealPath(existing);
        while (missing.Count > 0) resolved = Path.Combine(resolved, missing.Pop());
        return resolved;
    }

    private static string RealPath(string path)
    {
        if (OperatingSystem.IsWindows()) return Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? path);
        IntPtr result = realpath(path, IntPtr.Zero);
        if (result == IntPtr.Zero) return path;
        try { return Marshal.PtrToStringUTF8(result) ?? path; }
        finally { free(result); }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
