namespace NativeSeg.Cli;

/// <summary>
/// Runs a command body so that every anticipated failure (bad file, bad option) ends as one line on stderr and a
/// non-zero exit code, never a stack trace. Anything else is a bug: its full stack trace goes to a crash log
/// (nativeseg-crash-&lt;UTC time&gt;.log in the working folder, or the temp folder when that is not writable) and
/// stderr gets one line pointing to it, so the user can report it.
/// </summary>
public static class UserError
{
    public const int BugExitCode = 70;   // EX_SOFTWARE

    /// <summary>An exception's Data entry under this key is said after the crash log: what the user can do now.</summary>
    public const string HintKey = "nativeseg-hint";

    /// <summary>Where crash logs go first (null: the working folder); tests point it at a temporary folder.</summary>
    public static string? CrashFolder { get; set; }

    public static int Guard(Func<int> body)
    {
        try
        {
            TorchDevice.RequireValidEnvironment();
            return body();
        }
        // Only refusals and the file-system failures a user can cause are theirs; anything else is a bug.
        catch (Exception e) when (e is UserInputException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return 1;
        }
        catch (Exception e)
        {
            string log = WriteCrashLog(e);
            Console.Error.WriteLine($"internal error ({e.GetType().Name}: {OneLine(e.Message).Split(" Exception raised from")[0]}); " +
                                    $"the details are in {log} - please report it" + (e.Data[HintKey] is string hint ? $"; {hint}" : ""));
            return BugExitCode;
        }
    }

    private static string WriteCrashLog(Exception e)
    {
        string name = $"nativeseg-crash-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.log";
        string text = $"nativeseg {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}\n{DateTime.UtcNow:o}\n{e}\n";
        foreach (var folder in new[] { CrashFolder ?? Directory.GetCurrentDirectory(), Path.GetTempPath() })
        {
            try
            {
                string path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException) { }
        }
        return "(no writable folder for a crash log)";
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ').Trim();
}
