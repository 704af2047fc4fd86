namespace NativeSeg.Tests.Hostile;

/// <summary>
/// One hostile invocation, arranged in a fresh folder: the command line, what its one stderr line must name (the file or
/// option and the problem), and the output path that must not exist afterwards.
/// </summary>
public sealed record HostileRun(string[] Args, string[] Names, string? Output = null);

/// <summary>A named hostile case of one category; <see cref="Arrange"/> writes its inputs into the folder it is given.</summary>
public sealed record HostileCase(string Category, string Name, Func<TempFolder, HostileRun> Arrange);
