using NativeSeg.Nets.Execution;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Model;
using NativeSeg.Training.Augmentation;

namespace NativeSeg.Training;

/// <summary>
/// One training run. Defaults are the paper's (120³ patches, Adam 5e-3, patience 300 epochs) with nnU-Net's
/// epoch of 250 steps; tests and the quick experiments shrink them.
/// </summary>
public sealed record TrainingOptions
{
    public required string DataDir { get; init; }
    public required string OutDir { get; init; }
    public ModelConfig Config { get; init; } = new();
    public int Patch { get; init; } = 120;
    /// <summary>Patch edge in mm instead of voxels (voxel counts per case from its spacing); null: <see cref="Patch"/> voxels.</summary>
    public double? PatchMm { get; init; }
    /// <summary>Zero pad patches to the full patch size where a volume is smaller (see <see cref="PatchSampler"/>).</summary>
    public bool PadToPatch { get; init; } = true;
    public int Epochs { get; init; } = 1000;
    public int StepsPerEpoch { get; init; } = 250;
    public int Patience { get; init; } = 300;
    public double LearningRate { get; init; } = 5e-3;
    /// <summary>ra-unet: Adam rates of the radial weights, the self-connections and everything else (null: <see cref="LearningRate"/>).</summary>
    public double? RadialLearningRate { get; init; }
    public double? SelfConnectionLearningRate { get; init; }
    public double? OtherLearningRate { get; init; }
    /// <summary>Clip the gradients' global L2 norm to this before each step (INSTANCE2022 uses 0.1); null: no clipping.</summary>
    public double? GradClip { get; init; }
    /// <summary>Initialize the output bias to logit(P) (null: the architecture's default, 0).</summary>
    public double? HeadBiasPrior { get; init; }
    public LossKind Loss { get; init; } = LossKind.Dice;
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    public ValidationMode ValidateOn { get; init; } = ValidationMode.Patches;
    /// <summary>Stop after the epoch in which the run has taken this many optimizer steps (null: no step budget).</summary>
    public int? MaxSteps { get; init; }
    /// <summary>Early stopping patience in steps instead of epochs (rounded up to whole epochs).</summary>
    public int? PatienceSteps { get; init; }
    /// <summary>Stop after the epoch during which this much wall-clock time has passed in this invocation; --resume continues.</summary>
    public double? MaxMinutes { get; init; }
    /// <summary>nnU-Net's transforms on every patch (<see cref="NnUNetAugmentation"/>), or none (the paper's recipe).</summary>
    public AugmentationScheme Augment { get; init; } = AugmentationScheme.NnUNet;
    /// <summary>Probability that a patch is re-acquired on a random grid from <see cref="GridRange"/> (<see cref="Reacquisition"/>).</summary>
    public double GridAugment { get; init; }
    public GridRange GridRange { get; init; } = GridRange.Default;

    /// <summary>What the convolutions compute in (<see cref="ConvolutionPrecision"/>); float32 unless asked.</summary>
    public Precision Precision { get; init; } = Precision.Float32;
    public long Seed { get; init; }
    public bool Resume { get; init; }
    /// <summary>Train only on cases of these cases.tsv groups (all when empty).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
    /// <summary>Share of the training cases held out for validation (at least one case when there are two or more).</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Train one fold of a cross-validation: its validation cases are the fold's (<see cref="CrossValidation"/>), not a random share.</summary>
    public Fold? Fold { get; init; }
    public double ForegroundShare { get; init; } = 1.0 / 3;
    public string Device { get; init; } = "cpu";

    public PatchAugmentation Augmentation => new(Augment, GridAugment, GridRange);

    public LearningRates Rates => new(LearningRate, RadialLearningRate, SelfConnectionLearningRate, OtherLearningRate);

    public PatchSize PatchSize => PatchMm is double mm ? PatchSize.Physical(mm) : PatchSize.Cube(Patch);

    /// <summary>Epochs to run: --epochs, capped by the step budget.</summary>
    public int EpochLimit => MaxSteps is int s ? Math.Min(Epochs, (s + StepsPerEpoch - 1) / StepsPerEpoch) : Epochs;

    /// <summary>Early stopping patience in epochs.</summary>
    public int PatienceEpochs => PatienceSteps is int s ? Math.Max(1, (s + StepsPerEpoch - 1) / StepsPerEpoch) : Patience;

    /// <summary>Checks every numeric setting against its documented range; the message names the option.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new UserInputException(message); }
        Require(Epochs >= 1, $"--epochs {Epochs}: expected at least 1");
        Require(StepsPerEpoch >= 1, $"--steps-per-epoch {StepsPerEpoch}: expected at least 1");
        Require(Patience >= 1, $"--patience {Patience}: expected at least 1 epoch");
        Require(PatienceSteps is null or >= 1, $"--patience-steps {PatienceSteps}: expected at least 1");
        Require(MaxSteps is null or >= 1, $"--max-steps {MaxSteps}: expected at least 1");
        Require(MaxMinutes is null || (MaxMinutes > 0 && double.IsFinite(MaxMinutes.Value)), $"--max-minutes {MaxMinutes}: expected a positive number");
        Require(GridAugment is >= 0 and <= 1, $"--grid-augment {GridAugment}: expected a probability from 0 to 1");
        Require(GradClip is null || (GradClip > 0 && double.IsFinite(GradClip.Value)), $"--grad-clip {GradClip}: expected a positive norm");
        Require(HeadBiasPrior is null || (HeadBiasPrior > 0 && HeadBiasPrior < 1), $"--head-bias-prior {HeadBiasPrior}: expected a probability strictly between 0 and 1");
        Require(ValidationFraction is > 0 and < 1, $"validation fraction {ValidationFraction}: expected a share between 0 and 1");
        _ = PatchSize;
        Fold?.Check();
        Rates.Check();
        Config.Check();
    }
}
