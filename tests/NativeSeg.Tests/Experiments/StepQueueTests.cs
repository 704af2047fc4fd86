using NativeSeg.Experiments;

namespace NativeSeg.Tests.Experiments;

public class StepQueueTests
{
    private static readonly (string, IReadOnlyList<string>)[] Plan =
    [
        ("train a", []), ("train b", []), ("predict a", ["train a"]), ("predict b", ["train b"]), ("average", ["predict a", "predict b"]),
    ];

    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void StepsStartInPlanOrderOnceTheStepsTheyNeedHaveFinished()
    {
        var queue = new StepQueue(Plan, _ => false);
        Assert.Equal(["train a"], queue.Ready(1, Now));
        Assert.Equal(["train a", "train b"], queue.Ready(5, Now));
        queue.Started("train a");
        queue.Started("train b");
        Assert.Empty(queue.Ready(2, Now));
        queue.Finished("train b");
        Assert.Equal(["predict b"], queue.Ready(2, Now));
        queue.Started("predict b");
        queue.Finished("predict b");
        queue.Finished("train a");
        Assert.Equal(["predict a"], queue.Ready(2, Now));
        queue.Started("predict a");
        queue.Finished("predict a");
        Assert.Equal(["average"], queue.Ready(2, Now));
        queue.Started("average");
        Assert.Equal((false, 1), (queue.AllDone, queue.Running));
        queue.Finished("average");
        Assert.True(queue.AllDone);
        Assert.Empty(queue.Left);
    }

    [Fact]
    public void FinishedStepsAreSkippedAndAHeldStepWaitsForItsRetryTime()
    {
        var queue = new StepQueue(Plan, name => name == "train a");
        Assert.Equal(["train b", "predict a"], queue.Ready(5, Now));
        queue.Started("train b");
        queue.Later("train b", Now.AddSeconds(30));
        Assert.Equal(["predict a"], queue.Ready(5, Now));
        Assert.Equal(Now.AddSeconds(30), queue.NextRetry);
        Assert.Equal(["train b", "predict a"], queue.Ready(5, Now.AddSeconds(30)));
        Assert.False(queue.Stuck);   // nothing runs, but the held step will be asked again
        Assert.Equal(["train b", "predict a", "predict b", "average"], queue.Left);
    }

    [Fact]
    public void AFailedStepIsNotRepeatedAndLeavesTheStepsAfterItWaiting()
    {
        var queue = new StepQueue(Plan, _ => false);
        queue.Started("train a");
        queue.Started("train b");
        queue.Failed("train a");
        Assert.False(queue.Stuck);   // train b still runs
        queue.Finished("train b");
        Assert.Equal(["predict b"], queue.Ready(5, Now));
        queue.Started("predict b");
        queue.Finished("predict b");
        Assert.Empty(queue.Ready(5, Now));
        Assert.True(queue.Stuck);
        Assert.False(queue.AllDone);
        Assert.Equal(["predict a", "average"], queue.Left);
        Assert.Throws<ArgumentException>(() => queue.Started("evaluate"));
    }
}
