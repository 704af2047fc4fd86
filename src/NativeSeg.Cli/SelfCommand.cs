using System.Diagnostics;
using NativeSeg.Experiments;

namespace NativeSeg.Cli;

/// <summary>
/// This program as a command another process can run (a Slurm job, a worker of experiment --workers): the apphost, or
/// the dotnet host with nativeseg.dll when it runs through `dotnet` or inside a test host.
/// </summary>
public sealed record SelfCommand(string File, IReadOnlyList<string> Prefix)
{
    public static SelfCommand Current { get; } = Find();

    /// <summary>The command as one shell word list, each word quoted as a shell needs it.</summary>
    public string Shell => string.Join(" ", Prefix.Prepend(File).Select(SlurmScripts.Quote));

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(File);
        foreach (var a in Prefix.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }

    private static SelfCommand Find()
    {
        string process = Environment.ProcessPath ?? "nativeseg";
        string name = Path.GetFileNameWithoutExtension(process);
        return name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) || name.StartsWith("testhost", StringComparison.OrdinalIgnoreCase)
            ? new SelfCommand(DotnetHost(), [typeof(SelfCommand).Assembly.Location])
            : new SelfCommand(process, []);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "") == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
