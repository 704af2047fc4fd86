// MSBuild task (compiled by RoslynCodeTaskFactory): lets TorchSharp's libLibTorchSharp.so load on
// systems whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
//
// The library lists GLIBCXX_3.4.32 in its version needs only because of _ZSt21ios_base_library_initv,
// a symbol it has no relocation for and never calls. The dynamic loader refuses any library whose
// non-weak version need is unmet, so we set VER_FLG_WEAK on that one need in the *copy* inside the
// build output: the loader then only warns (silently, unless LD_DEBUG is set) and everything that is
// really used resolves as before. The NuGet cache is never written: we write a new file and move it
// over the output copy, which also breaks any hard link the copy might share with the cache.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxNeed : Task
{
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (SystemLibstdcxxHas(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"System libstdc++ provides {VersionName}; nothing to patch.");
            return true;
        }
        foreach (var item in Libraries)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            try
            {
                byte[] elf = File.ReadAllBytes(path);
                var result = Weaken(elf, VersionName);
                if (result == PatchResult.Patched)
                {
                    string tmp = path + ".weaken.tmp";
                    File.WriteAllBytes(tmp, elf);
                    // Delete then move (not copy over): a hard link to the NuGet cache must not be written through.
                    File.Delete(path);
                    File.Move(tmp, path);
                    Log.LogMessage(MessageImportance.Normal, $"Marked {VersionName} as a weak version need in {path}.");
                }
                else
                {
                    Log.LogMessage(MessageImportance.Low, $"{path}: {result}.");
                }
            }
            catch (Exception e)
            {
                Log.LogWarning($"Could not weaken {VersionName} in {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    public enum PatchResult { Patched, AlreadyWeak, NoSuchNeed, NotElf64 }

    static bool SystemLibstdcxxHas(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        };
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var c in candidates)
        {
            if (!File.Exists(c)) continue;
            return IndexOf(File.ReadAllBytes(c), needle) >= 0;
        }
        // No system libstdc++ found where we look: patching is harmless, so do it.
        return false;
    }

    static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    // ELF64 little-endian only: the only layout TorchSharp ships for Linux.
    public static PatchResult Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
            return PatchResult.NotElf64;
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int strtab = checked((int)BitConverter.ToUInt64(elf, checked((int)shoff + link * shentsize) + 0x18));
            int need = offset;
            while (true)
            {
                int count = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < count; a++)
                {
                    string name = ReadCString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (name == version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) != 0) return PatchResult.AlreadyWeak;
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                        return PatchResult.Patched;
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                uint next = BitConverter.ToUInt32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return PatchResult.NoSuchNeed;
    }

    static string ReadCString(byte[] b, int at)
    {
        int end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, at, end - at);
    }
}
