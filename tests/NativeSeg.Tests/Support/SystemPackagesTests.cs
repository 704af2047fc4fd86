namespace NativeSeg.Tests.Support;

public class SystemPackagesTests
{
    /// <summary>What is there needs no installer, whatever the PATH.</summary>
    [Fact]
    public void PresentFilesNeedNothing() =>
        Assert.Null(SystemPackages.Ensure(["coreutils"], ["/bin/sh"], path: "/nonexistent"));

    /// <summary>Without apt-get the fixture says in one line what is missing and what to install; it does not skip.</summary>
    [Fact]
    public void WithoutAptGetItSaysWhatToInstall()
    {
        string missing = $"/usr/bin/nativeseg-test-missing-{Guid.NewGuid():N}";
        var reason = SystemPackages.Ensure(["nativeseg-test-package", "munge"], [missing], path: "/nonexistent:/also-not-there");
        Assert.Equal($"{missing} is missing and cannot be installed here: apt-get is not on PATH (install nativeseg-test-package munge with your system's package manager)", reason);
    }
}
