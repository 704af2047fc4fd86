using System.Globalization;

namespace NativeSeg.Training;

/// <summary>
/// A run whose net has collapsed: after an epoch that found lesions (validation Dice at least <see cref="FoundLesions"/>),
/// an epoch finds none on any validation case (Dice 0). Under the soft Dice loss the gradient vanishes with the
/// foreground probabilities, so such a run does not come back: in the five-fold runs of the ensemble protocol that
/// collapsed, median gradient norms fell from 0.2-0.4 to 1e-4-1e-5 and validation Dice stayed 0 until early stopping. The best
/// epoch stays the model; the run says so once, and training.json records the epoch.
/// </summary>
public static class Collapse
{
    public const double FoundLesions = 0.1;

    /// <summary>The first collapsed epoch of a run's log (null: none).</summary>
    public static int? FirstEpoch(IReadOnlyList<EpochRecord> log)
    {
        double best = 0;
        foreach (var r in log)
        {
            if (r.ValidationDice == 0 && best >= FoundLesions) return r.Epoch;
            if (double.IsFinite(r.ValidationDice)) best = Math.Max(best, r.ValidationDice);
        }
        return null;
    }

    /// <summary>The line a run prints at its first collapsed epoch.</summary>
    public static string Notice(IReadOnlyList<EpochRecord> log, int collapsed, LossKind loss)
    {
        var best = log.Where(r => r.Epoch < collapsed && double.IsFinite(r.ValidationDice)).MaxBy(r => r.ValidationDice)!;
        string text = string.Create(CultureInfo.InvariantCulture,
            $"epoch {collapsed}: the net finds no lesion on any validation case any more (validation Dice 0; {best.ValidationDice:0.000} at epoch {best.Epoch}); the model stays the best epoch's");
        return loss == LossKind.Dice ? text + "; the soft Dice loss has almost no gradient once no voxel is foreground, and --loss ce-dice keeps one" : text;
    }
}
