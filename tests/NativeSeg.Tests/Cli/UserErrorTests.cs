using NativeSeg.Cli;

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

    /// <summary>Only a <see cref="UserInputException"/> is the user's; an ArgumentException from inside the code (a
    /// shape a layer did not expect) is a bug and gets a crash log, not an "error:" line blaming the input.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnlyARefusalIsTheUsers(bool refusal)
    {
        using var dir = new TempFolder();
        var oldErr = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        UserError.CrashFolder = dir.Path;
        int code;
        try { code = UserError.Guard(() => throw (refusal ? new UserInputException("--lr 2: expected a learning rate in (0, 1]") : new ArgumentException("shape [1, 2]"))); }
        finally
        {
            Console.SetError(oldErr);
            UserError.CrashFolder = null;
        }
        Assert.Equal(refusal ? 1 : UserError.BugExitCode, code);
        Assert.Equal(refusal ? 0 : 1, Directory.GetFiles(dir.Path, "nativeseg-crash-*.log").Length);
        Assert.StartsWith(refusal ? "error: --lr 2" : "internal error (ArgumentException: shape [1, 2])", stderr.ToString().Trim());
    }
}
