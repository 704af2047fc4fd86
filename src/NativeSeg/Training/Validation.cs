using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Model;
using System.Text.Json.Serialization;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging;
using NativeSeg.Inference;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>What an epoch's validation runs on.</summary>
public enum ValidationMode
{
    /// <summary>Two fixed patches per held-out case, one centred on foreground (cheap; the default).</summary>
    [JsonStringEnumMemberName("patches")] Patches,
    /// <summary>Every held-out case as a whole volume, predicted as `predict --patch whole` does.</summary>
    [JsonStringEnumMemberName("whole")] Whole,
}

/// <summary>Validation loss (soft Dice, whatever the training loss, so runs with different losses compare) and hard Dice.</summary>
public static class Validation
{
    public static ValidationMode Parse(string text) => EnumNames.Parse<ValidationMode>(text, "validation");

    public static string Name(this ValidationMode mode) => EnumNames.Name(mode);

    /// <summary>Per validation case one patch centred on foreground (when it has any) and one anywhere, drawn once from the seed.</summary>
    public static IReadOnlyList<Patch> FixedPatches(IReadOnlyList<TrainingCase> cases, PatchSize size, bool pad, long seed)
    {
        var random = new SeededRandom(seed + 1);
        var patches = new List<Patch>();
        foreach (var c in cases)
        {
            patches.Add(new PatchSampler([c], size, random, 1.0) { PadToPatch = pad }.Next());
            patches.Add(new PatchSampler([c], size, random, 0.0) { PadToPatch = pad }.Next());
        }
        return patches;
    }

    /// <summary>Mean soft Dice loss over the patches and the hard Dice (threshold 0.5) pooled over them.</summary>
    public static (double Loss, double Dice) OnPatches(SegmentationNet net, IReadOnlyList<Patch> patches, Device device)
    {
        net.eval();
        using var noGrad = no_grad();
        var score = new DiceTally();
        foreach (var patch in patches)
        {
            using var scope = NewDisposeScope();
            var y = VolumeTensors.ToBatch(patch.Label, patch.Shape.X, patch.Shape.Y, patch.Shape.Z, device);
            var x = VolumeTensors.ToBatch(patch.Image, patch.Shape.X, patch.Shape.Y, patch.Shape.Z, device);
            var logits = net.forward(x, patch.Spacing);
            score.Add(SoftDiceLoss.Compute(logits, y).item<float>(), SoftDiceLoss.Foreground(logits), y);
        }
        return score.Result;
    }

    /// <summary>Mean soft Dice loss per case and hard Dice pooled over the whole held-out volumes (z-scored already).</summary>
    public static (double Loss, double Dice) OnVolumes(SegmentationNet net, IReadOnlyList<TrainingCase> cases, Device device)
    {
        var predictor = new Predictor(net, new PredictionOptions { Patch = null, Device = device.ToString() });
        var score = new DiceTally();
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            var volume = new Volume(c.Shape, c.Image, c.Spacing, Affine.Diagonal(c.Spacing));
            var p = VolumeTensors.ToBatch(predictor.Probabilities(volume), c.Shape.X, c.Shape.Y, c.Shape.Z, device);
            var y = VolumeTensors.ToBatch(c.Label.Select(v => (float)v).ToArray(), c.Shape.X, c.Shape.Y, c.Shape.Z, device);
            score.Add(SoftDiceLoss.FromProbabilities(p, y).item<float>(), p, y);
        }
        return score.Result;
    }

    private sealed class DiceTally
    {
        private double _loss, _intersection, _sum;
        private int _count;

        public void Add(double loss, Tensor probabilities, Tensor target)
        {
            _loss += loss;
            _count++;
            var hard = (probabilities > KeptScalars.Of(0.5)).to_type(ScalarType.Float32);
            _intersection += (hard * target).sum().item<float>();
            _sum += hard.sum().item<float>() + target.sum().item<float>();
        }

        public (double Loss, double Dice) Result => (_count == 0 ? double.NaN : _loss / _count, _sum == 0 ? 1.0 : 2 * _intersection / _sum);
    }
}
