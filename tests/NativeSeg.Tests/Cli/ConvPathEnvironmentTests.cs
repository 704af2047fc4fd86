using System.Diagnostics;

namespace NativeSeg.Tests.Cli;

/// <summary>NATIVESEG_CONV_PATH is read once per process, so each case runs the CLI in its own process.</summary>
public class ConvPathEnvironmentTests
{
    private static (int Code, string Stdout, string Stderr) Selftest(string value)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "nativeseg.dll"), "selftest" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NATIVESEG_CONV_PATH"] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "selftest did not end");
        return (process.ExitCode, stdout.Result, stderr);
    }

    [Theory]
    [InlineData(" Padded", "padded")]
    [InlineData("channels-last", "channels-last")]
    public void ANamedPathIsTheOneUsed(string value, string name)
    {
        var (code, stdout, stderr) = Selftest(value);
        Assert.True(code == 0, stderr);
        Assert.Contains($"float32 conv3d path on this machine: {name} (forced on every layer by NATIVESEG_CONV_PATH)", stdout);
    }

    /// <summary>A misspelt path, or one that cannot run every kernel (slices needs a one-voxel-deep one), is one line.</summary>
    [Theory]
    [InlineData("diagonal")]
    [InlineData("slices")]
    public void AMisspeltOrPartialPathIsOneLineNotASilentProbe(string value)
    {
        var (code, _, stderr) = Selftest(value);
        Assert.Equal((1, $"error: NATIVESEG_CONV_PATH={value}: expected plain, channels-last, padded, channels-last-padded"), (code, stderr.Trim()));
    }
}
