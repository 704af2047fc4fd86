using NativeSeg.Nets.Execution;
using System.Diagnostics;

namespace NativeSeg.Training;

/// <summary>Why a run stopped.</summary>
public enum StopReason { EpochLimit, EarlyStopping, StepBudget, TimeBudget }

/// <summary>How a run ended.</summary>
public sealed record TrainingSummary(int EpochsRun, int LastEpoch, int BestEpoch, double BestValidationLoss, bool StoppedEarly, IReadOnlyList<EpochRecord> Log,
                                     StopReason Reason = StopReason.EpochLimit)
{
    /// <summary>Optimizer steps up to the end of the best epoch (-1 when unknown).</summary>
    public long StepsToBest => Log.FirstOrDefault(r => r.Epoch == BestEpoch)?.Steps ?? -1;
}

/// <summary>
/// Trains one model on an nnU-Net raw dataset. Epoch = StepsPerEpoch random patches (batch 1, the chosen loss,
/// Adam with per-group rates, optional gradient clipping), then validation on fixed patches or whole volumes of the
/// held-out cases. The model folder holds the best epoch's weights (model.json + weights.bin, what `predict`
/// loads), checkpoint/ the latest epoch for --resume, initial/ the weights before training, training.csv/png and
/// diagnostics.csv/png (<see cref="TrainingDiagnostics"/>). Resuming restores weights, Adam's state, the epoch, the
/// patch sampler's and torch's random states and early stopping, so it continues exactly as the uninterrupted run.
/// </summary>
public static class Trainer
{
    /// <summary>The steps of a run, in order (each is a method of <see cref="TrainingRun"/>).</summary>
    public static TrainingSummary Run(TrainingOptions o, ITrainingProgress? progress = null)
    {
        o.Validate();
        var clock = Stopwatch.StartNew();   // --max-minutes counts from here
        var device = TorchDevice.Parse(o.Device);
        using var precision = ConvolutionPrecision.Use(o.Precision, training: true);
        string? checkpoint = TrainingRun.OpenRunFolder(o);
        var cases = TrainingRun.LoadCases(o, progress);
        using var run = TrainingRun.StartOrResume(o, checkpoint, cases, device, clock, progress);
        while (run.NextEpoch() is int epoch)
        {
            var trained = run.TrainEpoch(epoch);
            run.ValidateAndSave(epoch, trained);
            run.DecideToStop(epoch);
        }
        return run.Finish();
    }

    /// <summary>Held-out cases chosen by the seed; with a single case it validates on that case.</summary>
    public static (IReadOnlyList<TrainingCase> Train, IReadOnlyList<TrainingCase> Validation) Split(IReadOnlyList<TrainingCase> cases, long seed, double fraction)
    {
        if (cases.Count < 2) return (cases, cases);
        var random = new SeededRandom(seed ^ 0x5EED);
        var order = cases.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        for (int i = order.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int n = Math.Clamp((int)Math.Round(fraction * cases.Count), 1, cases.Count - 1);
        var validation = order.Take(n).ToList();
        var train = order.Skip(n).ToList();
        if (train.All(c => c.Foreground.Length == 0)) return (cases, validation);
        return (train, validation);
    }
}
