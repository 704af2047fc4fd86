using System.Diagnostics;
using NativeSeg.Data;
using NativeSeg.Nets.Model;
using NativeSeg.Training.Augmentation;
using NativeSeg.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>
/// One training run's state between the steps <see cref="Trainer.Run"/> lists: the net, its optimizer, the sampler,
/// early stopping and the logs. Order matters for exact resumes: every random draw happens in the same order whether
/// the run started here or resumed from its checkpoint.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TrainingOptions _o;
    private readonly ITrainingProgress? _progress;
    private readonly Stopwatch _clock;
    private readonly Device _device;
    private readonly IReadOnlyList<TrainingCase> _validation;
    private readonly IReadOnlyList<Patch> _validationPatches;
    private readonly System.Text.Json.Nodes.JsonObject _record;
    private readonly SegmentationNet _net;
    private readonly ModelConfig _config;
    private readonly EarlyStopping _stopping;
    private readonly SeededRandom _sampleRandom;
    private readonly TrainingDiagnostics _diagnostics;
    private readonly Adam _optimizer;
    private readonly IReadOnlyList<double> _initialRates;
    private readonly AugmentedPatchSampler _sampler;
    private readonly List<EpochRecord> _log;
    private readonly List<DiagnosticRow> _diagnosticRows;
    private readonly List<TorchSharp.Modules.Parameter> _parameters;
    private int _epoch;
    private int _epochsRun;
    private StopReason _reason;

    /// <summary>The cases, loaded on the model's grid and split into training and held-out validation.</summary>
    public sealed record Cases(IReadOnlyList<TrainingCase> All, IReadOnlyList<TrainingCase> Train, IReadOnlyList<TrainingCase> Validation);

    /// <summary>
    /// Checks what --out holds against --resume, before anything loads: the checkpoint folder to resume from, or null for
    /// a new run. A refused resume leaves the folder as it was.
    /// </summary>
    public static string? OpenRunFolder(TrainingOptions o)
    {
        var checkpointDir = Checkpoint.Find(o.OutDir);
        if (o.Resume && checkpointDir is null)
            throw new UserInputException($"{o.OutDir}: no checkpoint to resume; run without --resume to start training");
        if (checkpointDir is not null && !o.Resume)
            throw new UserInputException($"{o.OutDir}: holds a training run already; add --resume to continue it or choose another --out");
        if (checkpointDir is not null && ModelDirectory.ReadConfig(checkpointDir).Config is var held)
        {
            if (held.Name != o.Config.Name)
                throw new UserInputException($"{o.OutDir}: holds a {held.Name} run, not {o.Config.Name}");
            // A resumed run continues the stored network; options that would build another one are refused, not ignored.
            if (ModelConfigJson.ArchitectureDifferences(held, o.Config) is { Count: > 0 } differences)
                throw new UserInputException($"{o.OutDir}: --resume with a different architecture ({string.Join("; ", differences)}); use the run's options or another --out");
        }
        return checkpointDir;
    }

    /// <summary>Reads the dataset's training cases onto the model's grid (resampled once into a cache when it is not native) and splits off validation.</summary>
    public static Cases LoadCases(TrainingOptions o, ITrainingProgress? progress)
    {
        var cases = NnUNetDataset.Open(o.DataDir).TrainingIn(o.Groups);
        if (cases.Count == 0)
            throw new InvalidDataException($"{o.DataDir}: no training cases{(o.Groups.Count > 0 ? $" in groups {string.Join(",", o.Groups)}" : "")}");
        var preprocessing = o.Config.Preprocessing;
        if (!preprocessing.Grid.IsNative)
            cases = ResampledCache.Prepare(cases, o.OutDir, preprocessing, name => progress?.Message($"resampling {name} to {preprocessing.Grid}"));
        var loaded = CaseLoader.LoadAll(cases, preprocessing);
        Directory.CreateDirectory(o.OutDir);   // only once the data has loaded: a refused dataset leaves no model folder behind
        var (train, validation) = o.Fold is { } fold ? FoldSplit(loaded, fold, o.Seed) : Trainer.Split(loaded, o.Seed, o.ValidationFraction);
        progress?.Message($"validation (held out): {string.Join(", ", validation.Select(c => c.Name))}");
        return new Cases(loaded, train, validation);
    }

    private static (IReadOnlyList<TrainingCase> Train, IReadOnlyList<TrainingCase> Validation) FoldSplit(IReadOnlyList<TrainingCase> cases, Fold fold, long seed)
    {
        var splits = CrossValidation.OpenOrCreate(fold.SplitsPath, cases.Select(c => (c.Name, c.Group)).ToList(), fold.Folds, seed);
        var validation = splits[fold.Index].ToHashSet();
        return (cases.Where(c => !validation.Contains(c.Name)).ToList(), cases.Where(c => validation.Contains(c.Name)).ToList());
    }

    /// <summary>A new net seeded by --seed, or the checkpoint's net, optimizer, sampler and early-stopping state.</summary>
    public static TrainingRun StartOrResume(TrainingOptions o, string? checkpointDir, Cases cases, Device device, Stopwatch clock, ITrainingProgress? progress) =>
        new(o, checkpointDir, cases, device, clock, progress);

    private TrainingRun(TrainingOptions o, string? checkpointDir, Cases cases, Device device, Stopwatch clock, ITrainingProgress? progress)
    {
        _o = o;
        _progress = progress;
        _clock = clock;
        _device = device;
        _validation = cases.Validation;
        _record = TrainingRecord.Of(o, cases.Train, cases.Validation);
        _validationPatches = Validation.FixedPatches(cases.Validation, o.PatchSize, o.PadToPatch, o.Seed);
        var config = o.Config with { TrainingSpacings = cases.All.Select(c => c.Spacing).Distinct().ToList() };
        _stopping = new EarlyStopping(o.PatienceEpochs);
        _sampleRandom = new SeededRandom(o.Seed);
        CheckpointState? resumed = null;
        if (checkpointDir is not null)
        {
            var (model, state) = Checkpoint.Load(checkpointDir);
            _net = model.Net;
            config = model.Config;
            resumed = state;
            _epoch = state.Epoch + 1;
            _sampleRandom.State = state.RandomState;
            (_stopping.BestLoss, _stopping.BestEpoch, _stopping.EpochsWithoutImprovement) = (state.BestLoss, state.BestEpoch, state.EpochsWithoutImprovement);
            progress?.Message($"resuming after epoch {state.Epoch}");
        }
        else
        {
            torch.manual_seed(o.Seed);
            _net = NetFactory.Create(config);
            if (o.HeadBiasPrior is double prior) _net.InitializeOutputBias(prior);
        }
        _config = config;
        _net.to(_device);
        _diagnostics = new TrainingDiagnostics(o.OutDir, _net, config, resuming: resumed is not null);
        _optimizer = o.Rates.Optimizer(_net);
        _initialRates = LearningRateSchedules.Rates(_optimizer);
        if (resumed is not null)
        {
            Checkpoint.LoadOptimizer(checkpointDir!, _optimizer);
            Checkpoint.RestoreTorchRng(resumed.TorchRngState);
        }
        // Only once a resumed run's checkpoint has loaded: a refused resume leaves the folder as it was.
        TrainingRecord.Write(o.OutDir, _record, null);
        _sampler = new AugmentedPatchSampler(cases.Train, o.PatchSize, _sampleRandom, o.ForegroundShare, o.Augmentation, o.Config.Preprocessing, o.PadToPatch);
        // The checkpoint's copy of the logs is committed with its weights; the model folder's may lag by an epoch.
        string logSource = resumed is not null && File.Exists(Path.Combine(checkpointDir!, TrainingLog.CsvFile)) ? checkpointDir! : o.OutDir;
        _log = TrainingLog.Read(logSource).Where(r => r.Epoch < _epoch).ToList();
        _diagnosticRows = TrainingDiagnostics.Read(logSource).Where(r => r.Epoch < _epoch).ToList();
        _parameters = _net.parameters().ToList();
        _reason = _stopping.ShouldStop ? StopReason.EarlyStopping : StopReason.EpochLimit;
        progress?.Started(_epoch, o.EpochLimit, o.StepsPerEpoch);
    }

    /// <summary>The epoch to train next, or null once a stopping rule or the epoch limit has ended the run.</summary>
    public int? NextEpoch() => _epoch < _o.EpochLimit && _reason == StopReason.EpochLimit ? _epoch : null;

    /// <summary>What one epoch's optimizer steps left behind.</summary>
    public sealed record EpochSteps(double MeanLoss, int Skipped, double MedianGradNorm, double MaxGradNorm, double Seconds);

    /// <summary>StepsPerEpoch random (augmented) patches, one guarded Adam step each.</summary>
    public EpochSteps TrainEpoch(int epoch)
    {
        var epochClock = Stopwatch.StartNew();
        _o.Schedule.Apply(_optimizer, _initialRates, epoch, _o.EpochLimit);
        _net.train();
        double lossSum = 0;
        int skipped = 0;
        var norms = new List<double>(_o.StepsPerEpoch);
        for (int step = 0; step < _o.StepsPerEpoch; step++)
        {
            using var scope = NewDisposeScope();
            var patch = _sampler.Next(_device);
            _optimizer.zero_grad();
            var loss = TrainingLoss.Compute(_o.Loss, _net.forward(patch.Image, patch.Spacing), patch.Label);
            loss.backward();
            double value = loss.item<float>();
            bool applied = GuardedStep.Apply(value, _parameters, _optimizer, _o.GradClip, out double norm);
            if (double.IsFinite(norm)) norms.Add(norm);
            if (!applied)
            {
                skipped++;
                continue;
            }
            lossSum += value;
            _progress?.Step(epoch, step, value);
        }
        if (skipped > 0) _progress?.Message($"epoch {epoch}: skipped {skipped} of {_o.StepsPerEpoch} updates with a non-finite loss or gradient");
        double meanLoss = skipped < _o.StepsPerEpoch ? lossSum / (_o.StepsPerEpoch - skipped) : double.NaN;
        return new EpochSteps(meanLoss, skipped, Median(norms), norms.Count > 0 ? norms.Max() : double.NaN, epochClock.Elapsed.TotalSeconds);
    }

    /// <summary>Validation loss and Dice; the best epoch's weights to the model folder, the latest to the checkpoint, and the logs.</summary>
    public void ValidateAndSave(int epoch, EpochSteps trained)
    {
        var validationClock = Stopwatch.StartNew();
        var (valLoss, valDice) = _o.ValidateOn == ValidationMode.Whole
            ? Validation.OnVolumes(_net, _validation, _device)
            : Validation.OnPatches(_net, _validationPatches, _device);
        long steps = (long)(epoch + 1) * _o.StepsPerEpoch;
        var epochRecord = new EpochRecord(epoch, trained.MeanLoss, valLoss, valDice, trained.Seconds + validationClock.Elapsed.TotalSeconds, steps,
                                          trained.MedianGradNorm, trained.MaxGradNorm);
        _log.Add(epochRecord);
        if (Collapse.FirstEpoch(_log) == epoch) _progress?.Message(Collapse.Notice(_log, epoch, _o.Loss));
        if (_validationPatches.Count > 0) _diagnosticRows.AddRange(_diagnostics.Measure(epoch, _net, _validationPatches[0], _device));
        bool improved = _stopping.Update(epoch, valLoss);
        if (improved) ModelDirectory.Save(_o.OutDir, _net, _config);
        Checkpoint.Save(_o.OutDir, _net, _config, _optimizer,
            new CheckpointState(epoch, _sampleRandom.State, _stopping.BestLoss, _stopping.BestEpoch, _stopping.EpochsWithoutImprovement, Checkpoint.TorchRngState()),
            logs: dir => { TrainingLog.Write(dir, _log, plot: false); TrainingDiagnostics.Write(dir, _diagnosticRows, plot: false); });
        TrainingLog.Write(_o.OutDir, _log);
        TrainingDiagnostics.Write(_o.OutDir, _diagnosticRows);
        _epochsRun++;
        TrainingRecord.Write(_o.OutDir, _record, new TrainingSummary(_epochsRun, epoch, _stopping.BestEpoch, _stopping.BestLoss, false, _log));
        _progress?.EpochDone(epochRecord, improved);
    }

    /// <summary>Early stopping (patience on validation loss) or the --max-minutes budget; the epoch limit ends the loop itself.</summary>
    public void DecideToStop(int epoch)
    {
        _epoch = epoch + 1;
        if (_stopping.ShouldStop) _reason = StopReason.EarlyStopping;
        else if (_o.MaxMinutes is double minutes && _clock.Elapsed.TotalMinutes >= minutes && _epoch < _o.EpochLimit) _reason = StopReason.TimeBudget;
    }

    /// <summary>The summary, also written to training.json as finished.</summary>
    public TrainingSummary Finish()
    {
        // The step budget caps EpochLimit, so a run that used it up ends as if by the epoch limit: name the budget.
        if (_o.MaxSteps is int budget && (long)_epoch * _o.StepsPerEpoch >= budget && _reason == StopReason.EpochLimit) _reason = StopReason.StepBudget;
        var summary = new TrainingSummary(_epochsRun, _epoch - 1, _stopping.BestEpoch, _stopping.BestLoss, _reason == StopReason.EarlyStopping, _log, _reason);
        TrainingRecord.Write(_o.OutDir, _record, summary, finished: true);
        return summary;
    }

    public void Dispose()
    {
        _diagnostics.Dispose();
        _net.Dispose();
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
