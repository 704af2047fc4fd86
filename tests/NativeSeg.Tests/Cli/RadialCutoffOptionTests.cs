namespace NativeSeg.Tests.Cli;

/// <summary>Every command that takes --radial-cutoff reads and refuses it the same way, before touching any file.</summary>
[Collection("Console")]
public class RadialCutoffOptionTests
{
    [Theory]
    [InlineData("kernels", "--spacing", "1")]
    [InlineData("train", "--model", "unet", "--data", "no-such-data", "--out", "no-such-model")]
    [InlineData("experiment", "--protocol", "3d", "--data", "no-such-data", "--out", "no-such-out")]
    [InlineData("import-pytorch", "no-such.pt", "--out", "no-such-model")]
    public void AValueOtherThanTrueOrFalseIsOneLine(params string[] command)
    {
        var (code, _, stderr) = CliCapture.Run([.. command, "--radial-cutoff", "maybe"]);
        Assert.Equal((1, "error: --radial-cutoff 'maybe': expected true or false"), (code, stderr.Trim()));
    }
}
