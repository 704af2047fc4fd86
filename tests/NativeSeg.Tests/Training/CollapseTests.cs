using System.Text.Json.Nodes;
using NativeSeg.Training;

namespace NativeSeg.Tests.Training;

public class CollapseTests
{
    private static List<EpochRecord> Log(params double[] dice) =>
        [.. dice.Select((d, e) => new EpochRecord(e, 0.5, d == 0 ? 0.999 : 1 - d, d, 60, 15L * (e + 1)))];

    [Fact]
    public void TheFirstEpochWithoutLesionsAfterOneThatFoundThemIsTheCollapse()
    {
        Assert.Equal(4, Collapse.FirstEpoch(Log(0.05, 0.3, 0.77, 0.2, 0, 0, 0)));
        Assert.Null(Collapse.FirstEpoch(Log(0, 0.05, 0, 0.09, 0)));   // never found lesions: a slow start, not a collapse
        Assert.Null(Collapse.FirstEpoch(Log(0.5, 0.6, 0.01)));
        Assert.Null(Collapse.FirstEpoch(Log(0.5, double.NaN, 0.4)));
    }

    [Fact]
    public void TheNoticeNamesTheBestEpochAndTheLossThatKeepsAGradient()
    {
        var log = Log(0.05, 0.3, 0.77, 0.2, 0);
        string dice = Collapse.Notice(log, 4, LossKind.Dice);
        Assert.StartsWith("epoch 4: the net finds no lesion on any validation case any more (validation Dice 0; 0.770 at epoch 2)", dice);
        Assert.Contains("--loss ce-dice", dice);
        Assert.DoesNotContain("--loss", Collapse.Notice(log, 4, LossKind.CrossEntropyDice));
    }

    [Fact]
    public void TrainingJsonRecordsTheCollapsedEpochAndItsSummarySaysSo()
    {
        using var dir = new TempFolder();
        var collapsed = new TrainingSummary(7, 6, 2, 0.23, true, Log(0.05, 0.3, 0.77, 0.2, 0, 0, 0), StopReason.EarlyStopping);
        TrainingRecord.Write(dir.Path, new JsonObject(), collapsed, finished: true);
        var record = TrainingRecord.Read(dir.Path)!;
        Assert.Equal(4, record["run"]!["collapsed_at_epoch"]!.GetValue<int>());
        Assert.EndsWith("best epoch 2, collapsed at epoch 4 (validation Dice 0)", TrainingRecord.Summary(record));

        TrainingRecord.Write(dir.Path, new JsonObject(), collapsed with { Log = Log(0.05, 0.3, 0.77) }, finished: true);
        Assert.DoesNotContain("collapsed", TrainingRecord.Summary(TrainingRecord.Read(dir.Path)!));
    }
}
