using NativeSeg.Data;

namespace NativeSeg.Experiments;

/// <summary>
/// What a scheduler with several processes starts: a step of the plan, or one shard of a predict step's test cases
/// (<see cref="Shard"/> set; the process runs --step <see cref="Step"/> --shard K/N).
/// </summary>
public sealed record StepUnit(string Name, string Step, Shard? Shard, IReadOnlyList<string> After);

/// <summary>
/// A plan as the units of experiment --workers N: every step as it is, except that a predict step becomes N shards of
/// its test cases, started as soon as its model exists, and then the step itself, which finds every case predicted
/// (the last shard marks it finished) and lets the steps after it start. One model's test set is then predicted by N
/// processes, as a Slurm job array predicts it, with the same masks.
/// </summary>
public static class StepUnits
{
    public static IReadOnlyList<StepUnit> Of(IEnumerable<ExperimentStep> plan, int shards)
    {
        var units = new List<StepUnit>();
        foreach (var step in plan)
        {
            if (step.Kind != StepKind.Predict || shards < 2)
            {
                units.Add(new StepUnit(step.Name, step.Name, null, step.After));
                continue;
            }
            var parts = Enumerable.Range(1, shards).Select(k => new Shard(k, shards))
                .Select(shard => new StepUnit(StepLedger.ShardStep(step.Name, shard), step.Name, shard, step.After)).ToList();
            units.AddRange(parts);
            units.Add(new StepUnit(step.Name, step.Name, null, parts.Select(p => p.Name).ToList()));
        }
        return units;
    }

    /// <summary>Finished: its ledger marker exists, or, for a shard, its whole step's does (an earlier run predicted every case).</summary>
    public static bool IsDone(StepUnit unit, StepLedger ledger) => ledger.IsDone(unit.Name) || unit.Shard is not null && ledger.IsDone(unit.Step);
}
