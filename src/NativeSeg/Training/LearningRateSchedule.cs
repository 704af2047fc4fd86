using System.Text.Json.Serialization;
using NativeSeg.Imaging;
using TorchSharp.Modules;

namespace NativeSeg.Training;

/// <summary>How Adam's rates change over a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout (the paper's).</summary>
    [JsonStringEnumMemberName("constant")] Constant,
    /// <summary>nnU-Net's poly decay, per epoch: lr = lr0 (1 - epoch / epochs)^0.9, epochs the run's epoch limit.</summary>
    [JsonStringEnumMemberName("poly")] Poly,
}

public static class LearningRateSchedules
{
    /// <summary>nnU-Net v2's PolyLRScheduler exponent.</summary>
    public const double PolyExponent = 0.9;

    public static string Name(this LearningRateSchedule schedule) => EnumNames.Name(schedule);

    public static LearningRateSchedule Parse(string text) => EnumNames.Parse<LearningRateSchedule>(text, "--lr-schedule");

    /// <summary>The multiple of the initial rates used during <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.
    /// A pure function of the epoch, so a resumed run continues the same curve.</summary>
    public static double Factor(this LearningRateSchedule schedule, int epoch, int epochs) => schedule switch
    {
        LearningRateSchedule.Constant => 1,
        LearningRateSchedule.Poly => Math.Pow(1 - Math.Clamp((double)epoch / epochs, 0, 1), PolyExponent),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, null),
    };

    /// <summary>Sets every parameter group's rate to its initial rate times the epoch's factor.</summary>
    public static void Apply(this LearningRateSchedule schedule, OptimizerHelper optimizer, IReadOnlyList<double> initialRates, int epoch, int epochs)
    {
        double factor = schedule.Factor(epoch, epochs);
        int i = 0;
        foreach (var group in optimizer.ParamGroups) group.LearningRate = initialRates[i++] * factor;
    }

    public static IReadOnlyList<double> Rates(OptimizerHelper optimizer) => optimizer.ParamGroups.Select(g => g.LearningRate).ToList();
}
