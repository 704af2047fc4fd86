using NativeSeg.Nets.Execution;

namespace NativeSeg.Tests.Nets;

public class Bf16VerdictTests
{
    /// <summary>A failed probe is kept for the machine: the next process refuses without probing; a pass is not kept.</summary>
    [Fact]
    public void AFailedProbeIsKeptForTheMachineAndAPassIsNot()
    {
        using var dir = new TempFolder();
        string file = dir.File("choices.json");
        int probes = 0;
        bool Probe(bool result) { probes++; return result; }

        Assert.True(Bf16Verdict.Trusted(new ConvolutionCalibration(file), training: true, () => Probe(true)));
        Assert.Null(new ConvolutionCalibration(file).Fact(Bf16Verdict.Key(training: true)));

        Assert.False(Bf16Verdict.Trusted(new ConvolutionCalibration(file), training: true, () => Probe(false)));
        Assert.Equal(2, probes);
        var later = new ConvolutionCalibration(file);   // another process on the same machine
        Assert.Equal(Bf16Verdict.Fault, later.Fact(Bf16Verdict.Key(training: true)));
        Assert.False(Bf16Verdict.Trusted(later, training: true, () => Probe(true)));
        Assert.Equal(2, probes);   // refused without probing

        // Forward passes have their own verdict: a training fault does not refuse prediction.
        Assert.True(Bf16Verdict.Trusted(later, training: false, () => Probe(true)));
        Assert.Equal(3, probes);
    }
}
