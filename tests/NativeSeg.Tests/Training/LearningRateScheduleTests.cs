using NativeSeg.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void PolyDecaysAsNnUNetsFromTheFullRateTowardsZero()
    {
        Assert.All(Enumerable.Range(0, 10), e => Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(e, 10)));
        Assert.Equal(1.0, LearningRateSchedule.Poly.Factor(0, 10));
        Assert.Equal(Math.Pow(0.5, 0.9), LearningRateSchedule.Poly.Factor(5, 10), 12);
        Assert.Equal(Math.Pow(0.1, 0.9), LearningRateSchedule.Poly.Factor(9, 10), 12);
        var factors = Enumerable.Range(0, 10).Select(e => LearningRateSchedule.Poly.Factor(e, 10)).ToList();
        Assert.All(factors.Zip(factors.Skip(1)), p => Assert.True(p.Second < p.First));
    }

    [Fact]
    public void ApplyScalesEveryGroupFromItsOwnInitialRate()
    {
        using var scope = NewDisposeScope();
        var groups = new[] { new Adam.ParamGroup([new Parameter(ones(2))], 0.02, 0.9, 0.999, 1e-8, 0, false, false),
                             new Adam.ParamGroup([new Parameter(ones(3))], 0.005, 0.9, 0.999, 1e-8, 0, false, false) };
        var optimizer = optim.Adam(groups, 0.02);
        var initial = LearningRateSchedules.Rates(optimizer);
        Assert.Equal([0.02, 0.005], initial);
        LearningRateSchedule.Poly.Apply(optimizer, initial, 5, 10);
        LearningRateSchedule.Poly.Apply(optimizer, initial, 5, 10);   // from the initial rates, not compounding
        Assert.Equal(new[] { 0.02 * Math.Pow(0.5, 0.9), 0.005 * Math.Pow(0.5, 0.9) }, LearningRateSchedules.Rates(optimizer), (x, y) => Math.Abs(x - y) < 1e-15);
    }
}
