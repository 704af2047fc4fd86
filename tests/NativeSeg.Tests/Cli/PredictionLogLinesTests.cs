using NativeSeg.Cli.Progress;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class PredictionLogLinesTests
{
    /// <summary>A case of 9 windows of 40 s each: quiet for its first 2 minutes, then a line a minute with the pace so far;
    /// a quick case gets only its "wrote" line.</summary>
    [Fact]
    public void ALongCaseGetsALineAMinuteAfterTwoQuietOnesAndAQuickCaseNone()
    {
        var now = TimeSpan.Zero;
        IPredictionProgress log = new PredictionLogLines(() => now);
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        void Case(string name, int index, int windows, int secondsEach)
        {
            log.CaseStarted(name, index, 2);
            log.PatchesPlanned(windows);
            for (int w = 0; w < windows; w++)
            {
                now += TimeSpan.FromSeconds(secondsEach);
                log.PatchDone();
            }
            log.CaseFinished(name, [name + ".nii.gz"]);
        }
        try
        {
            Case("slow", 0, 9, 40);
            Case("quick", 1, 4, 20);
        }
        finally
        {
            Console.SetOut(original);
        }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([
            "slow: window 3/9, 2 min into case 1 of 2, about 4 min more for its other windows",
            "slow: window 5/9, 3 min into case 1 of 2, about 3 min more for its other windows",
            "slow: window 7/9, 5 min into case 1 of 2, about 80 s more for its other windows",
            "slow: wrote slow.nii.gz",
            "quick: wrote quick.nii.gz",
        ], lines);
    }

    /// <summary>Five members of 3 minutes each: from the second on, each says how far the case is and what is left.</summary>
    [Fact]
    public void EachEnsembleMemberSaysTheTimeTheOthersWillTake()
    {
        var now = TimeSpan.Zero;
        IPredictionProgress log = new PredictionLogLines(() => now);
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            log.CaseStarted("c", 0, 1);
            for (int m = 0; m < 5; m++)
            {
                log.MemberStarted(m, 5);
                now += TimeSpan.FromMinutes(3);
            }
        }
        finally
        {
            Console.SetOut(original);
        }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([
            "c: ensemble member 1 of 5",
            "c: ensemble member 2 of 5, 3 min into the case, about 12 min more for its other members",
            "c: ensemble member 3 of 5, 6 min into the case, about 9 min more for its other members",
            "c: ensemble member 4 of 5, 9 min into the case, about 6 min more for its other members",
            "c: ensemble member 5 of 5, 12 min into the case, about 3 min more for its other members",
        ], lines);
    }
}
