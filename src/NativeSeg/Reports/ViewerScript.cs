namespace NativeSeg.Reports;

/// <summary>
/// NiiVue (npm @niivue/niivue, the version Directory.Build.props pins) as the classic script the build makes of it,
/// beside the program in report/niivue.js, or the one-line reason it is not there. The report works without it (static
/// pictures) and says that reason on the page.
/// </summary>
public sealed record ViewerScript(string? Path, string? Problem)
{
    public const string FileName = "niivue.js";

    /// <summary>Where the build puts it, relative to the program's folder.</summary>
    public static string Beside(string programDir) => System.IO.Path.Combine(programDir, "report", FileName);

    public static ViewerScript Find(string? programDir = null)
    {
        string path = Beside(programDir ?? AppContext.BaseDirectory);
        return File.Exists(path) ? new ViewerScript(path, null)
            : new ViewerScript(null, $"this NativeSeg was built without the NiiVue viewer ({path} is missing: the build fetches @niivue/niivue " +
                                     "from the npm registry and needs Node.js and npm)");
    }

    /// <summary>No viewer, for a reason the caller states (tests, or a user who wants static pictures only).</summary>
    public static ViewerScript None(string why) => new(null, why);

    /// <summary>The package version the build wrote into the script's first line ("/* @niivue/niivue 0.69.0 */").</summary>
    public string? Version => Path is null ? null
        : File.ReadLines(Path).FirstOrDefault() is { } first && first.StartsWith("/* @niivue/niivue ", StringComparison.Ordinal)
            ? first["/* @niivue/niivue ".Length..].TrimEnd('*', '/', ' ') : null;
}
