namespace NativeSeg.Inference;

/// <summary>How a volume is predicted. Defaults are the paper's (120³ patches, step 0.5, threshold 0.5, CPU).</summary>
public sealed record PredictionOptions
{
    public const int DefaultPatch = 120;

    /// <summary>The smallest --patch, the same floor bounded-memory tiles keep: below it windows multiply (a 1-voxel
    /// window over 24³ is 103,823 net passes) and zero-padded borders dominate.</summary>
    public const int MinPatch = BudgetTiling.MinTileVoxels;

    /// <summary>Cubic patch edge in voxels for the sliding window; null runs the net on the whole volume at once.</summary>
    public int? Patch { get; init; } = DefaultPatch;

    /// <summary>Window edge in mm instead of <see cref="Patch"/> voxels: the same physical box at every spacing (and, since the
    /// Gaussian importance map's sigma is 1/8 of the window per axis, the same sigma in mm).</summary>
    public double? WindowMm { get; init; }

    /// <summary>
    /// Run the net on this grid instead of the model's (resample the image there, predict, bring the probabilities
    /// back): the same RA-U-Net weights at a coarser spacing trade Dice for time. Null: the model's own grid.
    /// </summary>
    public Imaging.Geometry.Spacing? InferenceSpacing { get; init; }

    /// <summary>
    /// Memory a whole-volume prediction may take (bytes: the net's pass by <see cref="Nets.Cost.MemoryEstimate"/> plus the
    /// whole-grid arrays, <see cref="BudgetTiling.PredictionBytes"/>): a volume whose one pass would need more is
    /// predicted in the Gaussian-blended tiles that fit instead. Null: no budget (one pass, refused
    /// only when the machine cannot hold it). The CLI's --max-memory defaults to <see cref="DefaultMemoryBudgetGib"/>.
    /// </summary>
    public double? MemoryBudgetBytes { get; init; }

    /// <summary>
    /// The frame a resolution-adaptive net realizes its kernels in; null: world for an oblique affine (not axis-aligned
    /// within <see cref="Nets.Kernels.KernelFrame.AxisAlignedTolerance"/>), voxel axes otherwise.
    /// </summary>
    public Nets.Kernels.KernelGeometry? Geometry { get; init; }

    /// <summary>How a resolution-adaptive net runs its kernels (the same numbers either way; support skips zero taps, auto measures).</summary>
    public Nets.Execution.ConvolutionAlgorithm ConvolutionAlgorithm { get; init; } = Nets.Execution.ConvolutionAlgorithm.Auto;

    /// <summary>What the convolutions compute in (<see cref="Nets.Execution.ConvolutionPrecision"/>); float32 unless asked.</summary>
    public Nets.Execution.Precision Precision { get; init; } = Nets.Execution.Precision.Float32;

    public const double DefaultMemoryBudgetGib = 4;

    /// <summary>The sliding window's size at this spacing (null: the whole volume at once).</summary>
    public Imaging.Geometry.Shape3? Window(Imaging.Geometry.Spacing spacing) =>
        WindowMm is double mm ? Imaging.Preprocessing.PatchSize.Physical(mm).For(spacing) : Patch is int p ? Imaging.Preprocessing.PatchSize.Cube(p).For(spacing) : null;

    /// <summary>"sliding window 64^3" / "sliding window 64 mm" / "whole volume", for logs.</summary>
    public string Describe() => (WindowMm is double mm ? $"sliding window {mm:0.###} mm" : Patch is int p ? $"sliding window {p}^3"
                                    : MemoryBudgetBytes is double b ? $"whole volume, in tiles above {b / (1L << 30):0.#} GiB" : "whole volume")
                                + (InferenceSpacing is { } s ? $", on a {s} mm grid" : "")
                                + (Geometry is { } g ? $", {Imaging.EnumNames.Name(g)} geometry" : "");

    /// <summary>What changes the outputs, as a prediction's record states it.</summary>
    public string Settings(bool probabilities) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Describe()}, step {StepFraction:0.###}{(probabilities ? ", with probabilities" : "")}{(Runtime == PredictionRuntime.Onnx ? ", ONNX Runtime" : "")}" +
            $"{(Precision == Nets.Execution.Precision.BFloat16 ? ", bf16" : "")}");

    /// <summary>Step from an overlap share: --overlap 0.5 is nnU-Net's step 0.5.</summary>
    public static double StepFromOverlap(double overlap) => overlap is >= 0 and < 1
        ? 1 - overlap
        : throw new UserInputException($"--overlap {overlap}: expected a share from 0 (no overlap) to below 1");

    /// <summary>Distance between neighbouring patches as a fraction of the patch size (nnU-Net: 0.5).</summary>
    public double StepFraction { get; init; } = SlidingWindow.DefaultStepFraction;

    /// <summary>A voxel is foreground when its probability is above this (ties go to background, like argmax).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>The threshold when it is a probability strictly between 0 and 1 (else a mask would be all or nothing).</summary>
    public static double CheckThreshold(double threshold) => threshold > 0 && threshold < 1
        ? threshold
        : throw new UserInputException($"--threshold {threshold}: expected a probability strictly between 0 and 1");

    /// <summary>Where the windows run: a TorchSharp device name ("cpu"), or with the ONNX runtime its execution provider (cpu, cuda[:N]).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>What runs the net on each window (the rest of prediction is the same either way).</summary>
    public PredictionRuntime Runtime { get; init; } = PredictionRuntime.Torch;

    /// <summary>Parses the CLI's --patch value: a positive integer, or "whole" / "0" for whole-volume prediction.</summary>
    public static int? ParsePatch(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "whole" or "0") return null;
        if (int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= MinPatch)
            return n;
        throw new UserInputException($"--patch '{text}': expected at least {MinPatch} voxels or 'whole'");
    }
}
