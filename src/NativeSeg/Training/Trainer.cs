using System.Diagnostics;
using NativeSeg.Data;
using NativeSeg.Equivariant;
using NativeSeg.Inference;
using NativeSeg.Imaging;
using NativeSeg.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>How a run ended.</summary>
public sealed record TrainingSummary(int EpochsRun, int LastEpoch, int BestEpoch, double BestValidationLoss, bool StoppedEarly, IReadOnlyList<EpochRecord> Log);

/// <summary>
/// Trains one model on an nnU-Net raw dataset. Epoch = StepsPerEpoch random patches (batch 1, soft Dice, Adam),
/// then validation on fixed patches of the held-out cases (drawn once from the seed). The model folder holds the
/// best epoch's weights (model.json + weights.bin, what `predict` loads), checkpoint/ the latest epoch for
/// --resume, and training.csv / training.png. Resuming restores weights, Adam's state, the epoch, the patch
/// sampler's and torch's random states and early stopping, so it continues exactly as the uninterrupted run.
/// </summary>
public static class Trainer
{
    public static TrainingSummary Run(TrainingOptions o, ITrainingProgress? progress = null)
    {
        var device = TorchRuntime.ParseDevice(o.Device);
        var dataset = NnUNetDataset.Open(o.DataDir);
        var cases = dataset.TrainingIn(o.Groups);
        if (cases.Count == 0)
            throw new InvalidDataException($"{o.DataDir}: no training cases{(o.Groups.Count > 0 ? $" in groups {string.Join(",", o.Groups)}" : "")}");
        Directory.CreateDirectory(o.OutDir);
        var checkpointDir = Checkpoint.Find(o.OutDir);
        if (checkpointDir is not null && !o.Resume)
            throw new InvalidOperationException($"{o.OutDir}: holds a training run already; add --resume to continue it or choose another --out");
        if (checkpointDir is not null && ModelDirectory.ReadConfig(checkpointDir).Config.Kind is var held && held != o.Config.Kind)
            throw new InvalidOperationException($"{o.OutDir}: holds a {held.Name()} run, not {o.Config.Kind.Name()}");
        if (o.Config.Kind.ResamplesTo1mm())
            cases = ResampledCache.Prepare(cases, o.OutDir, name => progress?.Message($"resampling {name} to 1 mm"));
        var loaded = CaseLoader.LoadAll(cases);

        var (train, validation) = Split(loaded, o.Seed, o.ValidationFraction);
        var validationPatches = ValidationPatches(validation, o);
        var config = o.Config with { TrainingSpacings = loaded.Select(c => c.Spacing).Distinct().ToList() };

        SegmentationNet net;
        var stopping = new EarlyStopping(o.Patience);
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
        }
        using var _ = net;
        net.to(device);
        var optimizer = optim.Adam(net.parameters(), o.LearningRate);
        if (resumed is not null)
        {
            Checkpoint.LoadOptimizer(checkpointDir!, optimizer);
            Checkpoint.RestoreTorchRng(resumed.TorchRngState);
        }
        var sampler = new PatchSampler(train, Cube(o.Patch), sampleRandom, o.ForegroundShare) { PadToPatch = o.PadToPatch };
        var log = TrainingLog.Read(o.OutDir).Where(r => r.Epoch < firstEpoch).ToList();

        progress?.Started(firstEpoch, o.Epochs, o.StepsPerEpoch);
        int epoch = firstEpoch, run = 0;
        bool stoppedEarly = stopping.ShouldStop;
        for (; epoch < o.Epochs && !stoppedEarly; epoch++, run++)
        {
            var clock = Stopwatch.StartNew();
            net.train();
            double lossSum = 0;
            for (int step = 0; step < o.StepsPerEpoch; step++)
            {
                using var scope = NewDisposeScope();
                var patch = sampler.Next();
                var (x, y) = Tensors(patch, device);
                optimizer.zero_grad();
                var loss = SoftDiceLoss.Compute(net.forward(x, patch.Spacing), y);
                loss.backward();
                optimizer.step();
                double value = loss.item<float>();
                lossSum += value;
                progress?.Step(epoch, step, value);
            }
            var (valLoss, valDice) = Validate(net, validationPatches, device);
            var record = new EpochRecord(epoch, lossSum / Math.Max(1, o.StepsPerEpoch), valLoss, valDice, clock.Elapsed.TotalSeconds);
            log.Add(record);
            bool improved = stopping.Update(epoch, valLoss);
            if (improved) ModelDirectory.Save(o.OutDir, net, config);
            Checkpoint.Save(o.OutDir, net, config, optimizer,
                new CheckpointState(epoch, sampleRandom.State, stopping.BestLoss, stopping.BestEpoch, stopping.EpochsWithoutImprovement, Checkpoint.TorchRngState()));
            TrainingLog.Write(o.OutDir, log);
            progress?.EpochDone(record, improved);
            stoppedEarly = stopping.ShouldStop;
        }
        return new TrainingSummary(run, epoch - 1, stopping.BestEpoch, stopping.BestLoss, stoppedEarly, log);
    }

    /// <summary>Mean soft Dice loss over the validation patches and the hard Dice (threshold 0.5) pooled over them.</summary>
    public static (double Loss, double Dice) Validate(SegmentationNet net, IReadOnlyList<Patch> patches, Device device)
    {
        net.eval();
        using var noGrad = no_grad();
        double loss = 0, intersection = 0, sum = 0;
        foreach (var patch in patches)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Tensors(patch, device);
            var logits = net.forward(x, patch.Spacing);
            loss += SoftDiceLoss.Compute(logits, y).item<float>();
            var hard = (SoftDiceLoss.Foreground(logits) > 0.5).to_type(ScalarType.Float32);
            intersection += (hard * y).sum().item<float>();
            sum += hard.sum().item<float>() + y.sum().item<float>();
        }
        return (patches.Count == 0 ? double.NaN : loss / patches.Count, sum == 0 ? 1.0 : 2 * intersection / sum);
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

    /// <summary>Per validation case one patch centred on foreground (when it has any) and one anywhere, drawn once.</summary>
    private static IReadOnlyList<Patch> ValidationPatches(IReadOnlyList<TrainingCase> cases, TrainingOptions o)
    {
        var random = new SeededRandom(o.Seed + 1);
        var patches = new List<Patch>();
        foreach (var c in cases)
        {
            patches.Add(new PatchSampler([c], Cube(o.Patch), random, 1.0) { PadToPatch = o.PadToPatch }.Next());
            patches.Add(new PatchSampler([c], Cube(o.Patch), random, 0.0) { PadToPatch = o.PadToPatch }.Next());
        }
        return patches;
    }

    private static Shape3 Cube(int n) => n > 0 ? new Shape3(n, n, n) : throw new ArgumentException($"patch {n}: must be a positive number of voxels");

    private static (Tensor X, Tensor Y) Tensors(Patch p, Device device) =>
        (VolumeTensors.ToBatch(p.Image, p.Shape, device), VolumeTensors.ToBatch(p.Label, p.Shape, device));
}
