using NativeSeg.Cli;
using Xunit;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class UserErrorTests
{
    [Fact]
    public void ABugPrintsOneLineAndKeepsItsStackTraceInACrashLog()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("crash"));
        var oldErr = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        UserError.CrashFolder = dir.File("crash");
        try
        {
            int code = UserError.Guard(() => throw new NullReferenceException("boom"));
            Assert.Equal(UserError.BugExitCode, code);
        }
        finally
        {
            Console.SetError(oldErr);
            UserError.CrashFolder = null;
        }
        string line = Assert.Single(stderr.ToString().Trim().Split('\n'));
        Assert.Contains("internal error (NullReferenceException: boom)", line);
        string log = Assert.Single(Directory.GetFiles(dir.File("crash"), "nativeseg-crash-*.log"));
        Assert.Contains(log, line);
        Assert.DoesNotContain(" at ", line);
        Assert.Contains("at NativeSeg.Tests.Cli.UserErrorTests", File.ReadAllText(log));
    }

    /// <summary>A failure that leaves something to continue says how, on the same line (train: --resume).</summary>
    [Fact]
    public void ACrashWithAHintSaysWhatToDoNext()
    {
        using var dir = new TempFolder();
        var oldErr = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        UserError.CrashFolder = dir.Path;
        try
        {
            var e = new System.Runtime.InteropServices.ExternalException("Expected false to be true\nframe #0");
            e.Data[UserError.HintKey] = "the same command with --resume continues it";
            Assert.Equal(UserError.BugExitCode, UserError.Guard(() => throw e));
        }
        finally
        {
            Console.SetError(oldErr);
            UserError.CrashFolder = null;
        }
        string line = Assert.Single(stderr.ToString().Trim().Split('\n'));
        Assert.EndsWith("please report it; the same command with --resume continues it", line);
    }

    [Fact]
    public void AnticipatedFailuresStayOneLineWithoutALog()
    {
        var oldErr = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        try { Assert.Equal(1, UserError.Guard(() => throw new InvalidDataException("x.nii: truncated\nsecond line"))); }
        finally { Console.SetError(oldErr); }
        Assert.Equal("error: x.nii: truncated second line", stderr.ToString().Trim());
    }
}
