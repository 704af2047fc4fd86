namespace NativeSeg.Cli;

/// <summary>
/// Runs a command body so that every anticipated failure (bad file, bad option) ends as one line on
/// stderr and a non-zero exit code, never a stack trace.
/// </summary>
public static class UserError
{
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException
                                       or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return 1;
        }
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ').Trim();
}
