using NativeSeg.Experiments.Sweep;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Inference;
using NativeSeg.Training;

namespace NativeSeg.Experiments;

/// <summary>
/// Network and training sizes of an experiment. paper = the paper's settings (full widths, 120³ patches,
/// patience 300). quick = sized for a 2-core CPU: level-0 irreps 4x0e+2x1e+1x2e (n = 1) and 8 U-Net
/// features, 3 levels, 32 mm patches clipped to the volume (no zero padding), 20 epochs of 15 steps, patience 8,
/// with the training study's recipe (Adam 2e-2, output bias prior 0.01, radial cutoff on, whole-volume validation)
/// and 64 mm prediction windows.
/// demo = 20³ patches, 6 epochs of 10 steps, whole-volume prediction (minutes); tiny = the smallest run that still
/// exercises every step (tests). The models shipped in models/demo are cpu-scale (models/demo/README.md).
/// </summary>
public sealed record ExperimentScale(string Name, int Patch, int Epochs, int StepsPerEpoch, int Patience, int RaMultiplicity, int UNetFeatures, int Levels, int? PredictionPatch)
{
    public static readonly ExperimentScale Paper = new("paper", 120, 1000, 250, 300, 2, 30, 4, 120)
    {
        PadToPatch = true,
        Sweep = new([0.4, 0.5, 0.7, 0.9, 1.2, 1.5], [1, 2, 3, 4, 5, 6], SweepPlan.AllPlanes, 5, null),
    };
    /// <summary>The RA-U-Net recipe bench/study/ra-training-study.sh chose on validation data: Adam 2e-2, output bias prior 0.01.</summary>
    public static readonly TrainingRecipe StudyRecipe = new() { LearningRate = 2e-2, HeadBiasPrior = 0.01 };

    public static readonly ExperimentScale Quick = new("quick", 32, 20, 15, 8, 1, 8, 3, 64)
    {
        Recipe = StudyRecipe with { ValidateOn = ValidationMode.Whole, PatchMm = 32 },
        PredictionWindowMm = 64,
    };
    /// <summary>
    /// The fair CPU protocol (docs/results/cpu-protocol.md): the paper's matching rule (U-Net features = the RA's level-0 dimension,
    /// 4x0e+2x1e+1x2e = 15), 32 mm patches for every model (voxel counts per case from its spacing), every model
    /// trained to its plateau under one rule (stop after 150 steps without a better whole-volume validation loss, at
    /// most 450 steps), 64 mm prediction windows (twice the patch), three seeds, on the synth `cpu` data (6 test
    /// cases per cluster). Each architecture at its own rate: the RA-U-Net at the study's 2e-2 (e3nn's
    /// parametrisation moves ~100x slower per step), the plain U-Nets at the paper's 5e-3 — at a shared 2e-2 the
    /// plain U-Net lost 0.14 Dice at 0.5 mm to its own 5e-3 run (docs/results/cpu-protocol.md).
    /// </summary>
    public static readonly ExperimentScale Cpu = new("cpu", 32, 30, 15, 30, 1, LevelIrreps.Features(1).Dim, 3, 64)
    {
        Recipe = StudyRecipe with { ValidateOn = ValidationMode.Whole, PatchMm = 32, MaxSteps = 450, PatienceSteps = 150 },
        PlainUNetRecipe = new() { LearningRate = 5e-3 },
        PredictionWindowMm = 64,
        DefaultSeeds = [0, 1, 2],
    };
    public static readonly ExperimentScale Tiny = new("tiny", 12, 2, 2, 2, 1, 4, 2, null)
    {
        KernelVoxels = 3,
        Sweep = new([1.0, 1.5], [1.5, 4], [Plane.Axial, Plane.Coronal], 1, 32),
    };
    public static readonly ExperimentScale Demo = new("demo", 20, 6, 10, 6, 1, 8, 3, null) { Recipe = StudyRecipe };

    public static ExperimentScale Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "paper" => Paper,
        "quick" => Quick,
        "cpu" => Cpu,
        "tiny" => Tiny,
        "demo" => Demo,
        _ => throw new UserInputException($"scale '{name}': expected quick, cpu or paper (demo and tiny for demos and tests)"),
    };

    public ModelConfig Config(ModelKind kind) => new()
    {
        Kind = kind,
        Levels = Levels,
        IrrepsMultiplicity = RaMultiplicity,
        Features = UNetFeatures,
        KernelVoxels = KernelVoxels,
    };

    /// <summary>The plain U-Net's kernel edge in voxels.</summary>
    public int KernelVoxels { get; init; } = 5;

    /// <summary>Zero-pad volumes smaller than the patch (the paper's 120³) instead of clipping the patch to the volume.</summary>
    public bool PadToPatch { get; init; }

    /// <summary>What a sweep at this scale acquires (quick: 3 x 3 spacings, 3 planes, 2 subjects, 64 mm field of view).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SweepPlan Sweep { get; init; } = new([0.4, 0.8, 1.5], [1, 3, 6], SweepPlan.AllPlanes, 2, 64);

    /// <summary>Seeds an experiment trains when --seeds is not given (empty: the --seed alone).</summary>
    public IReadOnlyList<long> DefaultSeeds { get; init; } = [];

    /// <summary>The scale's training controls beyond its sizes (none for the paper's and the tiny scale).</summary>
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.None;

    /// <summary>Applied on top of <see cref="Recipe"/> for the plain U-Net architecture (unet, unet-1mm).</summary>
    public TrainingRecipe PlainUNetRecipe { get; init; } = TrainingRecipe.None;

    public TrainingOptions Training(string data, string output, ModelKind kind, TrainingSet set, long seed)
    {
        var options = Recipe.ApplyTo(new TrainingOptions
        {
            DataDir = data,
            OutDir = output,
            Config = Config(kind),
            Patch = Patch,
            PadToPatch = PadToPatch,
            Epochs = Epochs,
            StepsPerEpoch = StepsPerEpoch,
            Patience = Patience,
            Seed = seed,
            Groups = set.Groups,
        });
        return kind.Architecture() == Architecture.RaUNet ? options : PlainUNetRecipe.ApplyTo(options);
    }

    /// <summary>This scale predicting with windows of <paramref name="mm"/> (the command line's --window-mm); unchanged when null.</summary>
    public ExperimentScale WithWindowMm(double? mm) => mm is double edge ? this with { PredictionWindowMm = Imaging.Preprocessing.PatchSize.Physical(edge).Millimetres } : this;

    /// <summary>Prediction window edge in mm (overrides <see cref="PredictionPatch"/> voxels when set).</summary>
    public double? PredictionWindowMm { get; init; }

    public PredictionOptions Prediction => new() { Patch = PredictionPatch, WindowMm = PredictionWindowMm };
}
