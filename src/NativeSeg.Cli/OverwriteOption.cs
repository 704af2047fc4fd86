using System.CommandLine;

namespace NativeSeg.Cli;

/// <summary>The --overwrite flag of every verb that writes files a user names: without it an existing file is refused, named.</summary>
public static class OverwriteOption
{
    public static Option<bool> Create() => new("--overwrite") { Description = "replace output files that exist already (without it they are refused)" };
}
