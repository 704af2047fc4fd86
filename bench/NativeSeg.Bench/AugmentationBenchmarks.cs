using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using System.Globalization;
using NativeSeg.Phantom;
using NativeSeg.Training;
using NativeSeg.Training.Augmentation;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// What augmentation costs, on one phantom case at 0.5x0.5x1 mm (64 mm box) with the cpu scale's 32 mm patches: the
/// sampler alone per patch (none, nnU-Net's transforms, transforms plus a re-acquisition on a random grid every time),
/// and a whole training step (patch, forward, soft Dice, backward, Adam) of the cpu-size RA-U-Net and U-Net with
/// each. The ratio to "none" of the same run is what the target (a step at most 1.2x slower) is read from.
/// </summary>
public sealed class AugmentationBenchmarks : IBenchmarkSuite
{
    public string Key => "augmentation";

    public string Title => "Augmentation: cost per patch and per training step (cpu scale, 32 mm patches, 0.5x0.5x1 mm case)";

    private static readonly (string Name, PatchAugmentation Augmentation)[] Schemes =
    [
        ("none", PatchAugmentation.None),
        ("nnunet", new(AugmentationScheme.NnUNet, 0, GridRange.Default)),
        ("nnunet + grids p 0.5", new(AugmentationScheme.NnUNet, 0.5, GridRange.Default)),
        ("nnunet + grids p 1", new(AugmentationScheme.NnUNet, 1, GridRange.Default)),
    ];

    public IEnumerable<BenchmarkCase> Cases()
    {
        var trainingCase = new Lazy<TrainingCase>(Case);
        var sampled = new Dictionary<string, double>();
        foreach (var (name, augmentation) in Schemes)
        {
            AugmentedPatchSampler sampler = null!;
            yield return new BenchmarkCase($"sampler, {name}, 50 patches",
                () => { for (int n = 0; n < 50; n++) { using var scope = NewDisposeScope(); sampler.Next(); } },
                Repeats: 3, Unit: "ms",
                Setup: () => sampler = new AugmentedPatchSampler([trainingCase.Value], PatchSize.Physical(32), new SeededRandom(1), 1.0 / 3, augmentation, Preprocessing.Native, padToPatch: false),
                Notes: seconds =>
                {
                    sampled[name] = seconds / 50;
                    return string.Create(CultureInfo.InvariantCulture, $"{seconds / 50 * 1000:0.0} ms per patch{(name == "none" ? "" : $"; {seconds / 50 / sampled["none"]:0.0}x none's")}");
                });
        }
        foreach (var kind in new[] { ModelKind.RaUNet, ModelKind.UNet })
        {
            var steps = new Dictionary<string, double>();
            foreach (var (name, augmentation) in Schemes.Where(s => s.Name != "nnunet + grids p 1"))
            {
                SegmentationNet net = null!;
                NativeSeg.Training.Optimization.Adam optimizer = null!;
                AugmentedPatchSampler sampler = null!;
                yield return new BenchmarkCase($"{kind.Name()} cpu size, training step, {name}, 4 steps",
                    () =>
                    {
                        net.train();
                        for (int n = 0; n < 4; n++)
                        {
                            using var scope = NewDisposeScope();
                            var patch = sampler.Next();
                            optimizer.zero_grad();
                            SoftDiceLoss.Compute(net.forward(patch.Image, patch.Spacing), patch.Label).backward();
                            optimizer.step();
                        }
                    },
                    Repeats: 2,
                    Setup: () =>
                    {
                        manual_seed(1);
                        net = NetFactory.Create(ExperimentScaleConfig(kind));
                        optimizer = new LearningRates(1e-3).Optimizer(net);
                        sampler = new AugmentedPatchSampler([trainingCase.Value], PatchSize.Physical(32), new SeededRandom(1), 1.0 / 3, augmentation, Preprocessing.Native, padToPatch: false);
                    },
                    Notes: seconds =>
                    {
                        steps[name] = seconds / 4;
                        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 4:0.00} s per step{(name == "none" ? "" : $"; {seconds / 4 / steps["none"]:0.00}x none's step")}");
                    });
            }
        }
    }

    private static ModelConfig ExperimentScaleConfig(ModelKind kind) => new() { Kind = kind, Levels = 3, IrrepsMultiplicity = 1, Features = LevelIrreps.Features(1).Dim };

    /// <summary>A 0.5x0.5x1 mm phantom subject in a 64 mm box, z-scored as training loads it.</summary>
    private static TrainingCase Case()
    {
        var subject = PhantomSubject.Create(1, 0, new PhantomOptions(SynthOptions.FocusFor(64)));
        var (image, truth) = subject.Acquire(new AcquisitionGrid(new Spacing(0.5, 0.5, 1), Plane.Axial, FieldOfViewMm: new Vec3(64, 64, 64)));
        return new TrainingCase("bench", "3d-0.5mm", image.Shape, image.Spacing, Preprocessing.Native.Normalize(image), truth);
    }
}
