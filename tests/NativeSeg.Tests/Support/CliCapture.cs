using NativeSeg.Cli;

namespace NativeSeg.Tests.Support;

/// <summary>Runs a `nativeseg` command in-process with Console.Out/Error captured (use from [Collection("Console")] classes).</summary>
public static class CliCapture
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = CliApp.Run(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
