namespace NativeSeg;

/// <summary>
/// An anticipated refusal: an option, a file or a folder the user gave cannot be used, and the message (one line,
/// naming it) says why. The command line prints it as is; every other exception is treated as a bug.
/// </summary>
public class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A volume or window that would not fit the memory budget; a caller can add the file's name to the message.</summary>
public sealed class MemoryBudgetException(string message) : UserInputException(message);
