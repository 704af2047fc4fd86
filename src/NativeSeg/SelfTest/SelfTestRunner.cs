using NativeSeg.Equivariant.Fixtures;

namespace NativeSeg.SelfTest;

/// <summary>
/// Checks the implementation against a folder of e3nn-format fixtures with every check found in the toolkit and
/// equivariant assemblies (a check is one <see cref="IFixtureCheck"/> class anywhere in them).
/// </summary>
public static class SelfTestRunner
{
    public static IReadOnlyList<IFixtureCheck> Checks() => FixtureChecks.Discover(typeof(SelfTestRunner).Assembly);

    public static IReadOnlyList<FixtureFileReport> Run(string fixtureDirectory) => FixtureChecks.CheckDirectory(fixtureDirectory, Checks());

    /// <summary>Passes when nothing failed or errored; files without a checker do not fail the run.</summary>
    public static bool AllPassed(IEnumerable<FixtureFileReport> reports) =>
        reports.All(r => r.Status is FixtureStatus.Passed or FixtureStatus.NotChecked);
}
