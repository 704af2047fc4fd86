using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Inference;

/// <summary>
/// Prediction under a model's <see cref="Preprocessing"/> (the contract training used): the input on the model's
/// grid (itself when native), intensities normalized, the net in eval mode without gradients at that grid's
/// spacing, either on the whole volume or on overlapping Gaussian-weighted patches (<see cref="SlidingWindow"/>),
/// sigmoid (1 class) or the softmax foreground (2 classes), and the probabilities back on the input's own grid.
/// Keep one instance for many volumes: nets that realize kernels per spacing cache them in eval mode.
/// The net is put in eval mode and left there (so those caches survive from one volume to the next); a
/// training loop that predicts for validation calls net.train() afterwards.
/// </summary>
public sealed class Predictor : IVolumePredictor
{
    private readonly SegmentationNet _net;
    private readonly Device _device;
    private readonly Preprocessing _preprocessing;
    private readonly ModelConfig? _config;
    private readonly OnnxWindows? _onnx;

    /// <param name="config">The model's configuration: its preprocessing, and the memory a window needs (checked
    /// before each volume). Without one: native grid, z-score, no memory check (validation inside training).</param>
    public Predictor(SegmentationNet net, PredictionOptions? options = null, ModelConfig? config = null)
    {
        _config = config;
        _preprocessing = config?.Preprocessing ?? Preprocessing.Native;
        Options = options ?? new PredictionOptions();
        if (Options.InferenceSpacing is { } grid)
        {
            // Only kernels defined in mm mean the same thing on another grid; a U-Net's are fixed in voxels.
            if (config?.Architecture != Architecture.RaUNet)
                throw new UserInputException($"--inference-spacing {grid}: only a resolution-adaptive model (ra-unet) runs its weights on another grid; {config?.Name ?? net.Architecture.Name()} " +
                    $"kernels are fixed in voxels");
            _preprocessing = _preprocessing with { Grid = InputGrid.Resampled(grid) };
        }
        if (Options.Geometry == KernelGeometry.World && net.ResolutionAdaptive is null)
            throw new UserInputException($"--geometry world: only a resolution-adaptive model (ra-unet) realizes kernels in mm; {config?.Name ?? net.Architecture.Name()} kernels are fixed in voxels");
        if (net.Classes is not (1 or 2))
            throw new UserInputException($"a net with {net.Classes} classes: prediction supports 1 (sigmoid) or 2 (softmax) classes");
        if (Options.Patch is < 1) throw new UserInputException($"patch {Options.Patch}: expected a positive size or null (whole volume)");
        if (Options.WindowMm is double mm) _ = PatchSize.Physical(mm);
        // With ONNX Runtime the device is its execution provider's; torch only prepares the windows, on the CPU.
        _device = Options.Runtime == PredictionRuntime.Onnx ? CPU : TorchDevice.Parse(Options.Device);
        _net = net;
        if (net.ResolutionAdaptive is { } ra) ra.ConvolutionAlgorithm = Options.ConvolutionAlgorithm;
        _net.to(_device);
        _net.eval();
        if (Options.Runtime == PredictionRuntime.Onnx)
        {
            if (Options.Geometry == KernelGeometry.World)
                throw new UserInputException("--geometry world with --runtime onnx: the exported kernels are realized along the voxel axes");
            _onnx = new OnnxWindows(net, config ?? throw new ArgumentException("the ONNX runtime needs the model's configuration"), Options.Device);
        }
    }

    public PredictionOptions Options { get; }

    public SegmentationNet Net => _net;

    public Prediction Predict(Volume volume, IPredictionProgress? progress = null)
    {
        VolumeChecks.RequireFinite(volume, "input volume");
        var model = _preprocessing.ToGrid(volume);
        ChooseFrame(model.Affine, progress);
        var probabilities = model.WithVoxels(OnGrid(model, progress));
        return new Prediction(_preprocessing.Restore(probabilities, volume), Options.Threshold);
    }

    /// <summary>Realizes the net's kernels in the frame <see cref="PredictionOptions.Geometry"/> picks for this affine (and says so when it is not the voxel axes).</summary>
    private void ChooseFrame(Affine affine, IPredictionProgress? progress)
    {
        if (_net.ResolutionAdaptive is not { } ra || _onnx is not null) return;
        ra.Frame = KernelFrame.For(affine, Options.Geometry);
        if (ra.Frame != KernelFrame.Voxel)
            progress?.Note($"kernels realized in world space (oblique by {Orientation.ObliqueDegrees(affine):0.#} degrees{(ra.Frame.IsProper ? "" : ", mirrored storage")})");
    }

    /// <summary>Foreground probabilities, NIfTI order, of a raw volume already on the model's grid.</summary>
    public float[] Probabilities(Volume volume, IPredictionProgress? progress = null)
    {
        VolumeChecks.RequireFinite(volume, "input volume");
        return OnGrid(volume, progress);
    }

    private float[] OnGrid(Volume volume, IPredictionProgress? progress)
    {
        progress ??= SilentProgress.Instance;
        if (_net.training) _net.eval();
        using var precision = Nets.Execution.ConvolutionPrecision.Use(Options.Precision, training: false);
        var window = Window(volume.Shape, volume.Spacing);
        if (_config is { } config)
            MemoryEstimate.RequireFits(config, window is { } w ? new SlidingWindow(volume.Shape, w, Options.StepFraction).Patch : volume.Shape, volume.Spacing, "prediction");
        var normalized = _preprocessing.Normalize(volume);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = VolumeTensors.ToBatch(normalized, volume.Shape.X, volume.Shape.Y, volume.Shape.Z, _device);
        var logits = window is { } patch
            ? SlidingLogits(input, volume.Shape, volume.Spacing, patch, progress)
            : WholeLogits(input, volume.Spacing, progress);
        return VolumeTensors.ToVoxels(Foreground(logits));
    }

    /// <summary>The number of forward passes a volume of <paramref name="shape"/> at <paramref name="spacing"/> (on the model's grid) needs.</summary>
    public int PatchCount(Shape3 shape, Spacing spacing) =>
        Window(shape, spacing) is { } window ? new SlidingWindow(shape, window, Options.StepFraction).Tiles.Count : 1;

    /// <summary>The options' window, or for a whole-volume pass above the memory budget the tile that fits it with the least work (<see cref="BudgetTiling"/>).</summary>
    /// <remarks>The tiles are torch's under either runtime, so both predict the same windows (with instance norms, other
    /// tiles would give other masks); ONNX Runtime's peak is larger (BENCHMARKS.md).</remarks>
    private Shape3? Window(Shape3 shape, Spacing spacing) =>
        Options.Window(spacing) ?? (_config is { } config && Options.MemoryBudgetBytes is double budget && BudgetTiling.PredictionBytes(config, shape, shape, spacing) > budget
            ? BudgetTiling.Tile(config, shape, spacing, budget, Options.StepFraction)
            : null);

    private Tensor WholeLogits(Tensor input, Spacing spacing, IPredictionProgress progress)
    {
        progress.PatchesPlanned(1);
        var logits = Forward(input, spacing);
        progress.PatchDone();
        return logits;
    }

    private Tensor SlidingLogits(Tensor input, Shape3 shape, Spacing spacing, Shape3 patch, IPredictionProgress progress)
    {
        var window = new SlidingWindow(shape, patch, Options.StepFraction);
        var size = window.Patch;
        progress.PatchesPlanned(window.Tiles.Count);
        using var accumulator = new WeightedPatchAccumulator(_net.Classes, shape, size, _device);
        foreach (var tile in window.Tiles)
        {
            using var scope = NewDisposeScope();
            var crop = input.index(
                TensorIndex.Colon, TensorIndex.Colon,
                TensorIndex.Slice(tile.X, tile.X + size.X),
                TensorIndex.Slice(tile.Y, tile.Y + size.Y),
                TensorIndex.Slice(tile.Z, tile.Z + size.Z)).contiguous();
            accumulator.Add(tile, Forward(crop, spacing));
            progress.PatchDone();
        }
        return accumulator.Result();
    }

    /// <summary>Logits [K, X, Y, Z] of one [1, C, X, Y, Z] input.</summary>
    private Tensor Forward(Tensor input, Spacing spacing)
    {
        var logits = _onnx?.Forward(input, spacing) ?? _net.call(input, spacing);
        long[] expected = { 1, _net.Classes, input.shape[2], input.shape[3], input.shape[4] };
        if (!logits.shape.SequenceEqual(expected))
            throw new InvalidOperationException(
                $"{_net.Architecture.Name()} net returned shape [{string.Join(", ", logits.shape)}] for input [{string.Join(", ", input.shape)}]; expected [{string.Join(", ", expected)}]");
        return logits[0].to(float32);
    }

    /// <summary>P(foreground) [X, Y, Z]: sigmoid of the single logit, or softmax channel 1 of two.</summary>
    private static Tensor Foreground(Tensor logits) =>
        logits.shape[0] == 1 ? sigmoid(logits[0]) : softmax(logits, 0)[1];
}
