using System.CommandLine;
using NativeSeg.Nets.Execution;
using NativeSeg.Training;
using NativeSeg.Training.Augmentation;

namespace NativeSeg.Cli.Commands;

/// <summary>The training-control flags shared by `train` and `experiment`, read into a <see cref="TrainingRecipe"/>.</summary>
public sealed class TrainingRecipeOptions
{
    private readonly Option<double?> _lr = new("--lr") { Description = $"Adam learning rate (train default {new TrainingOptions { DataDir = "", OutDir = "" }.LearningRate}; experiment: the " +
        $"scale's)" };
    private readonly Option<double?> _lrRadial = new("--lr-radial") { Description = "ra-unet: learning rate of the radial (kernel) weights (default --lr)" };
    private readonly Option<double?> _lrSelf = new("--lr-self-connection") { Description = "ra-unet: learning rate of the self-connections (default --lr)" };
    private readonly Option<double?> _lrOther = new("--lr-other") { Description = "learning rate of norms, head and bias (default --lr)" };
    private readonly Option<string?> _schedule = new("--lr-schedule") { Description = "constant (the paper's, default) or poly (nnU-Net's: lr0 (1 - epoch / epochs)^0.9)" };
    private readonly Option<double?> _gradClip = new("--grad-clip") { Description = "clip the gradients' global L2 norm to this (INSTANCE2022: 0.1)" };
    private readonly Option<double?> _biasPrior = new("--head-bias-prior") { Description = "initialize the output bias to logit(P), P the foreground share (e.g. 0.01)" };
    private readonly Option<string?> _loss = new("--loss") { Description = "dice (the paper's, default) or ce-dice (nnU-Net's)" };
    private readonly Option<string?> _validation = new("--validation") { Description = "patches (two fixed patches per held-out case, default) or whole (whole held-out volumes)" };
    private readonly Option<string?> _cutoff = RadialCutoffOption.Create("ra-unet: radial functions vanish at the kernel radius; default true, the published code: false");
    private readonly Option<double?> _patchMm = new("--patch-mm") { Description = "patch edge in mm instead of voxels (voxel counts per case from its spacing)" };
    private readonly Option<int?> _maxSteps = new("--max-steps") { Description = "stop after the epoch that reaches this many optimizer steps" };
    private readonly Option<int?> _patienceSteps = new("--patience-steps") { Description = "early stopping patience in steps (instead of epochs)" };
    private readonly Option<string?> _augment = new("--augment") { Description = "nnunet (default: nnU-Net v2's rotation, scaling, noise, blur, brightness, contrast, low resolution, gamma, " +
        "mirroring on every patch), nnunet-no-rotation, or none (the paper's recipe)" };
    private readonly Option<double?> _gridAugment = new("--grid-augment") { Description = "P: re-acquire each patch with probability P on a random grid from --grid-range (slice profile, partial " +
        "volume, noise at the new voxel size; default 0)" };
    private readonly Option<string?> _gridRange = new("--grid-range") { Description = $"IN_MIN-IN_MAX,SLICE_MIN-SLICE_MAX mm: the grids --grid-augment draws from, slices along any axis (default " +
        $"{GridRange.Default})" };
    private readonly Option<string?> _precision = new("--precision") { Description = "float32 (default), bf16 (convolutions in bfloat16 where the CPU has it natively and a start-up " +
        "probe of training steps agrees with float32; norms, loss and optimizer in float32; recorded in training.json; see selftest) or auto (bf16 where allowed)" };
    private readonly Option<double?> _maxMinutes = new("--max-minutes") { Description = "stop after the epoch during which this much time passed; --resume continues" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _lr, _lrRadial, _lrSelf, _lrOther, _schedule, _gradClip, _biasPrior, _loss, _validation, _cutoff, _patchMm, _maxSteps, _patienceSteps, _maxMinutes, _augment,
            _gridAugment, _gridRange, _precision })
            command.Options.Add(o);
    }

    public TrainingRecipe Read(ParseResult parse) => new()
    {
        LearningRate = parse.GetValue(_lr),
        RadialLearningRate = parse.GetValue(_lrRadial),
        SelfConnectionLearningRate = parse.GetValue(_lrSelf),
        OtherLearningRate = parse.GetValue(_lrOther),
        Schedule = parse.GetValue(_schedule) is { } schedule ? LearningRateSchedules.Parse(schedule) : null,
        GradClip = parse.GetValue(_gradClip),
        HeadBiasPrior = parse.GetValue(_biasPrior),
        Loss = parse.GetValue(_loss) is { } loss ? TrainingLoss.Parse(loss) : null,
        ValidateOn = parse.GetValue(_validation) is { } v ? Validation.Parse(v) : null,
        RadialCutoff = RadialCutoffOption.Read(parse, _cutoff),
        PatchMm = parse.GetValue(_patchMm),
        MaxSteps = parse.GetValue(_maxSteps),
        PatienceSteps = parse.GetValue(_patienceSteps),
        MaxMinutes = parse.GetValue(_maxMinutes),
        Augment = parse.GetValue(_augment) is { } augment ? AugmentationSchemes.Parse(augment) : null,
        GridAugment = parse.GetValue(_gridAugment),
        GridRange = parse.GetValue(_gridRange) is { } range ? GridRange.Parse(range) : null,
        Precision = parse.GetValue(_precision) is { } precision ? ConvolutionPrecision.Resolve(ConvolutionPrecision.Parse(precision), training: true) : null,
    };
}
