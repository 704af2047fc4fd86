using NativeSeg.Data;
using NativeSeg.Experiments;

namespace NativeSeg.Tests.Experiments;

public class StepUnitsTests
{
    private static ExperimentStep Step(string name, StepKind kind, params string[] after) => new(name, kind, after, _ => { });

    private static readonly ExperimentStep[] Plan =
        [Step("train a", StepKind.Train), Step("predict a", StepKind.Predict, "train a"), Step("evaluate a", StepKind.Evaluate, "predict a")];

    [Fact]
    public void APredictStepBecomesItsShardsThenItselfAndTheStepsAfterItWaitForIt()
    {
        var units = StepUnits.Of(Plan, 2);
        Assert.Equal(["train a", "predict a shard 1-of-2", "predict a shard 2-of-2", "predict a", "evaluate a"], units.Select(u => u.Name));
        Assert.Equal([null, new Shard(1, 2), new Shard(2, 2), null, null], units.Select(u => u.Shard));
        Assert.All(units.Skip(1).Take(3), u => Assert.Equal("predict a", u.Step));
        Assert.Equal(["train a"], units[1].After);
        Assert.Equal(["predict a shard 1-of-2", "predict a shard 2-of-2"], units[3].After);
        Assert.Equal(["predict a"], units[4].After);
        Assert.Equal(Plan.Select(s => s.Name), StepUnits.Of(Plan, 1).Select(u => u.Name));   // one process: no shards
    }

    [Fact]
    public void AShardIsFinishedByItsOwnMarkerOrByItsWholeStep()
    {
        using var dir = new TempFolder();
        var ledger = new StepLedger(dir.File("steps"));
        var units = StepUnits.Of(Plan, 2);
        ledger.MarkDone(StepLedger.ShardStep("predict a", new Shard(1, 2)), 1);
        Assert.Equal([false, true, false, false, false], units.Select(u => StepUnits.IsDone(u, ledger)));
        ledger.MarkDone("predict a", 1);   // an earlier run with other shards, or none, predicted every case
        Assert.Equal([false, true, true, true, false], units.Select(u => StepUnits.IsDone(u, ledger)));
    }
}
