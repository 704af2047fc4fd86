using System.CommandLine;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// --radial-cutoff true|false, spelled and refused one way by every command that takes it (train, experiment, kernels,
/// import-pytorch). The defaults differ on purpose — NativeSeg's models cut off, the published code does not — so each
/// command passes its own.
/// </summary>
public static class RadialCutoffOption
{
    public const string Name = "--radial-cutoff";

    public static Option<string?> Create(string description) => new(Name) { Description = description + " (true|false)" };

    /// <returns>Null when the option was not given.</returns>
    public static bool? Read(ParseResult parse, Option<string?> option) => parse.GetValue(option) is not { } text ? null : text.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new UserInputException($"{Name} '{text}': expected true or false"),
    };
}
