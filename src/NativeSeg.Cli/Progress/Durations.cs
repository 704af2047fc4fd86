using System.Globalization;

namespace NativeSeg.Cli.Progress;

/// <summary>A duration as people read it in a progress line: seconds up to 90, minutes up to 90, then hours.</summary>
public static class Durations
{
    public static string Of(double seconds) =>
        seconds < 90 ? Invariant($"{seconds:0} s") : seconds < 5400 ? Invariant($"{seconds / 60:0} min") : Invariant($"{seconds / 3600:0.0} h");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
