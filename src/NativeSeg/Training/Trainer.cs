using System.Diagnostics;
using NativeSeg.Data;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Inference;
using NativeSeg.Imaging;
using NativeSeg.Nets;
using NativeSeg.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

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
    public static TrainingSummary Run(TrainingOptions o, ITrainingProgress? progress = null)
    {
        o.Validate();
        var clock = Stopwatch.StartNew();
        var device = TorchRuntime.ParseDevice(o.Device);
        var dataset = NnUNetDataset.Open(o.DataDir);
        var cases = dataset.TrainingIn(o.Groups);
        if (cases.Count == 0)
            throw new InvalidDataException($"{o.DataDir}: no training cases{(o.Groups.Count > 0 ? $" in groups {string.Join(",", o.Groups)}" : "")}");
        var checkpointDir = Checkpoint.Find(o.OutDir);
        if (o.Resume && checkpointDir is null)
            throw new InvalidOperationException($"{o.OutDir}: no checkpoint to resume; run without --resume to start training");
        if (checkpointDir is not null && !o.Resume)
            throw new InvalidOperationException($"{o.OutDir}: holds a training run already; add --resume to continue it or choose another --out");
        if (checkpointDir is not null && ModelDirectory.ReadConfig(checkpointDir).Config is var held)
        {
            if (held.Name != o.Config.Name)
                throw new InvalidOperationException($"{o.OutDir}: holds a {held.Name} run, not {o.Config.Name}");
            // A resumed run continues the stored network; options that would build another one are refused, not ignored.
            if (ModelConfigJson.ArchitectureDifferences(held, o.Config) is { Count: > 0 } differences)
                throw new InvalidOperationException($"{o.OutDir}: --resume with a different architecture ({string.Join("; ", differences)}); use the run's options or another --out");
        }
        var preprocessing = o.Config.Preprocessing;
        if (!preprocessing.Grid.IsNative)
            cases = ResampledCache.Prepare(cases, o.OutDir, preprocessing, name => progress?.Message($"resampling {name} to {preprocessing.Grid}"));
        var loaded = CaseLoader.LoadAll(cases, preprocessing);
        Directory.CreateDirectory(o.OutDir);   // only once the data has loaded: a refused dataset leaves no model folder behind

        var (train, validation) = Split(loaded, o.Seed, o.ValidationFraction);
        progress?.Message($"validation (held out): {string.Join(", ", validation.Select(c => c.Name))}");
        var record = TrainingRecord.Of(o, train, validation);
        var patchSize = o.PatchSize;
        var validationPatches = Validation.FixedPatches(validation, patchSize, o.PadToPatch, o.Seed);
        var config = o.Config with { TrainingSpacings = loaded.Select(c => c.Spacing).Distinct().ToList() };

        SegmentationNet net;
        var stopping = new EarlyStopping(o.PatienceEpochs);
        var sampleRandom = new SeededRandom(o.Seed);
        int firstEpoch = 0;
        CheckpointState? resumed = null;
        if (o.Resume && checkpointDir is not null)
        {
            var (model, state) = Checkpoint.Load(checkpointDir);
            net = model.Net;
            config = model.Config;
            resumed = state;
            firstEpoch = state.Epoch + 1;
            sampleRandom.State = state.RandomState;
            (stopping.BestLoss, stopping.BestEpoch, stopping.EpochsWithoutImprovement) = (state.BestLoss, state.BestEpoch, state.EpochsWithoutImprovement);
            progress?.Message($"resuming after epoch {state.Epoch}");
        }
        else
        {
            torch.manual_seed(o.Seed);
            net = NetFactory.Create(config);
            if (o.HeadBiasPrior is double prior) net.InitializeOutputBias(prior);
        }
        using var _ = net;
        net.to(device);
        using var diagnostics = new TrainingDiagnostics(o.OutDir, net, config, resuming: resumed is not null);
        var optimizer = o.Rates.Optimizer(net);
        var initialRates = LearningRateSchedules.Rates(optimizer);
        if (resumed is not null)
        {
            Checkpoint.LoadOptimizer(checkpointDir!, optimizer);
            Checkpoint.RestoreTorchRng(resumed.TorchRngState);
        }
        // Only once a resumed run's checkpoint has loaded: a refused resume leaves the folder as it was.
        TrainingRecord.Write(o.OutDir, record, null);
        var sampler = new AugmentedPatchSampler(train, patchSize, sampleRandom, o.ForegroundShare, o.Augmentation, preprocessing, o.PadToPatch);
        // The checkpoint's copy of the logs is committed with its weights; the model folder's may lag by an epoch.
        string logSource = resumed is not null && File.Exists(Path.Combine(checkpointDir!, TrainingLog.CsvFile)) ? checkpointDir! : o.OutDir;
        var log = TrainingLog.Read(logSource).Where(r => r.Epoch < firstEpoch).ToList();
        var diagnosticRows = TrainingDiagnostics.Read(logSource).Where(r => r.Epoch < firstEpoch).ToList();
        var parameters = net.parameters().ToList();

        int epochLimit = o.EpochLimit;
        progress?.Started(firstEpoch, epochLimit, o.StepsPerEpoch);
        int epoch = firstEpoch, run = 0;
        var reason = stopping.ShouldStop ? StopReason.EarlyStopping : StopReason.EpochLimit;
        for (; epoch < epochLimit && reason == StopReason.EpochLimit; epoch++, run++)
        {
            var epochClock = Stopwatch.StartNew();
            o.Schedule.Apply(optimizer, initialRates, epoch, epochLimit);
            net.train();
            double lossSum = 0;
            int skipped = 0;
            var norms = new List<double>(o.StepsPerEpoch);
            for (int step = 0; step < o.StepsPerEpoch; step++)
            {
                using var scope = NewDisposeScope();
                var patch = sampler.Next(device);
                optimizer.zero_grad();
                var loss = TrainingLoss.Compute(o.Loss, net.forward(patch.Image, patch.Spacing), patch.Label);
                loss.backward();
                double value = loss.item<float>();
                bool applied = GuardedStep.Apply(value, parameters, optimizer, o.GradClip, out double norm);
                if (double.IsFinite(norm)) norms.Add(norm);
                if (!applied)
                {
                    skipped++;
                    continue;
                }
                lossSum += value;
                progress?.Step(epoch, step, value);
            }
            if (skipped > 0) progress?.Message($"epoch {epoch}: skipped {skipped} of {o.StepsPerEpoch} updates with a non-finite loss or gradient");
            var (valLoss, valDice) = o.ValidateOn == ValidationMode.Whole
                ? Validation.OnVolumes(net, validation, device)
                : Validation.OnPatches(net, validationPatches, device);
            long steps = (long)(epoch + 1) * o.StepsPerEpoch;
            var epochRecord = new EpochRecord(epoch, skipped < o.StepsPerEpoch ? lossSum / (o.StepsPerEpoch - skipped) : double.NaN, valLoss, valDice, epochClock.Elapsed.TotalSeconds, steps,
                                         Median(norms), norms.Count > 0 ? norms.Max() : double.NaN);
            log.Add(epochRecord);
            if (validationPatches.Count > 0) diagnosticRows.AddRange(diagnostics.Measure(epoch, net, validationPatches[0], device));
            bool improved = stopping.Update(epoch, valLoss);
            if (improved) ModelDirectory.Save(o.OutDir, net, config);
            Checkpoint.Save(o.OutDir, net, config, optimizer,
                new CheckpointState(epoch, sampleRandom.State, stopping.BestLoss, stopping.BestEpoch, stopping.EpochsWithoutImprovement, Checkpoint.TorchRngState()),
                logs: dir => { TrainingLog.Write(dir, log, plot: false); TrainingDiagnostics.Write(dir, diagnosticRows, plot: false); });
            TrainingLog.Write(o.OutDir, log);
            TrainingDiagnostics.Write(o.OutDir, diagnosticRows);
            TrainingRecord.Write(o.OutDir, record, new TrainingSummary(run + 1, epoch, stopping.BestEpoch, stopping.BestLoss, false, log));
            progress?.EpochDone(epochRecord, improved);
            if (stopping.ShouldStop) reason = StopReason.EarlyStopping;
            else if (o.MaxMinutes is double minutes && clock.Elapsed.TotalMinutes >= minutes && epoch + 1 < epochLimit) reason = StopReason.TimeBudget;
        }
        // The step budget caps EpochLimit, so a run that used it up ends as if by the epoch limit: name the budget.
        if (o.MaxSteps is int budget && (long)epoch * o.StepsPerEpoch >= budget && reason == StopReason.EpochLimit) reason = StopReason.StepBudget;
        var summary = new TrainingSummary(run, epoch - 1, stopping.BestEpoch, stopping.BestLoss, reason == StopReason.EarlyStopping, log, reason);
        TrainingRecord.Write(o.OutDir, record, summary, finished: true);
        return summary;
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

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
