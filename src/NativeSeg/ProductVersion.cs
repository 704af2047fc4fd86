using System.Reflection;

namespace NativeSeg;

/// <summary>NativeSeg's version, as the build stamps it (Directory.Build.props): what every output that names its maker writes.</summary>
public static class ProductVersion
{
    /// <summary>"0.2.0+&lt;commit&gt;" (run records, where the commit matters).</summary>
    public static string Full { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>"0.2.0" (headers, sidecars, reports, exported models).</summary>
    public static string Short { get; } = Full.Split('+')[0];
}
