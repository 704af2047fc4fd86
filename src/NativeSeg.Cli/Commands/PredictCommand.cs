using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using System.CommandLine;
using System.Diagnostics;
using NativeSeg.Cli.Progress;
using NativeSeg.Inference;
using NativeSeg.Imaging;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg predict --model DIR --input FILE|DIR --output FILE|DIR [--probabilities] [--patch N|whole] [--device cpu]`:
/// segments one image or a folder (nnU-Net names: case_0000.nii.gz -> case.nii.gz) with a trained model.
/// </summary>
public sealed class PredictCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string[]>("--model")
        {
            Description = "model folder (model.json + weights.bin), or a folder of model folders; repeat it for an ensemble: each model predicts through its own " +
                "preprocessing, the probabilities are averaged on the input's grid",
            Required = true,
        };
        var threshold = new Option<double>("--threshold") { Description = "mask = (mean) probability above this", DefaultValueFactory = _ => 0.5 };
        var uncertainty = new Option<bool>("--uncertainty")
        {
            Description = "also write <mask>_uncertainty.nii.gz (entropy of the mean probability, nats) and, for an ensemble, <mask>_mutual-information.nii.gz " +
                "(the members' disagreement)",
        };
        var input = new Option<string?>("--input") { Description = "a 3D .nii/.nii.gz image, or a folder of them (or --bids)" };
        var bids = new Option<string?>("--bids")
        {
            Description = "a BIDS dataset instead of --input/--output: every sub-*/[ses-*/]anat/*_<suffix>.nii.gz is predicted into derivatives/nativeseg/ " +
                "(<entities>_label-lesion_mask.nii.gz, _probseg with --probabilities, a JSON sidecar naming the source and the model)",
        };
        var bidsSuffix = new Option<string>("--bids-suffix") { Description = "with --bids: the images' suffix", DefaultValueFactory = _ => "FLAIR" };
        var session = new Option<string?>("--session") { Description = "with --bids: only this session (ses-<label>)" };
        var output = new Option<string?>("--output")
        {
            Description = "mask file (.nii.gz) for a file input, or a folder (created if missing): one uint8 mask per case",
        };
        var probabilities = new Option<bool>("--probabilities") { Description = "also write float32 foreground probabilities as <mask>_prob.nii.gz" };
        var patch = new Option<string?>("--patch")
        {
            Description = $"sliding-window patch edge in voxels (step 0.5, Gaussian weighting), or 'whole' (or 0) for the whole volume at once; default: what the model was validated with (its " +
                $"training.json: whole volumes, or its training patch), else {PredictionOptions.DefaultPatch} voxels",
        };
        var windowMm = new Option<double?>("--window-mm") { Description = "sliding-window edge in mm instead of --patch voxels: the same physical box at every spacing" };
        var overlap = new Option<double?>("--overlap") { Description = "share of a window its neighbour overlaps (default 0.5, nnU-Net's step 0.5)" };
        var device = new Option<string>("--device") { Description = "where the windows run: a torch device (cpu), or with --runtime onnx cpu or cuda[:N] (ONNX Runtime's CUDA provider)",
            DefaultValueFactory = _ => "cpu" };
        var runtime = new Option<string>("--runtime") { Description = "what runs the net on each window: torch (libtorch) or onnx (ONNX Runtime on the net exported for the window's grid " +
            "and shape, once per grid)", DefaultValueFactory = _ => "torch" };
        var shard = new Option<string?>("--shard") { Description = "K/N: only the K-th of N round-robin shards of the name-sorted input cases (N processes together predict every case once)" };
        var command = new Command("predict", "Segment an image or a folder of images with a trained model, at the images' own resolution.");
        var inferenceSpacing = new Option<string?>("--inference-spacing") { Description = "ra-unet: run the net on this grid (mm, e.g. 1 or 1,1,2) and bring the probabilities back: faster on a " +
            "coarser grid, at some Dice (see speedcurve)" };
        var geometry = new Option<string?>("--geometry") { Description = "ra-unet: realize kernels along the voxel axes (voxel) or at the true physical offsets of the affine's direction cosines " +
            "(world); default: world when the affine is oblique, voxel otherwise" };
        var convAlgorithm = new Option<string>("--conv-algorithm") { Description =
            "ra-unet: auto (default: per layer the fastest of lattice, support and pieces, measured once per machine and cached), " +
            "support (the box of lattice points that carry weight), pieces (a box and plane pairs holding just those points) or lattice (the whole lattice); the same " +
            "numbers", DefaultValueFactory = _ => "auto" };
        var maxMemory = new Option<double>("--max-memory")
        {
            Description = "with --patch whole: GiB the prediction may use by the memory estimate (the net's pass and the whole-grid arrays); a larger volume is predicted in tiles that fit it, " +
                "chosen for the fewest voxels in all (0: no budget)",
            DefaultValueFactory = _ => PredictionOptions.DefaultMemoryBudgetGib,
        };
        var precision = new Option<string>("--precision") { Description = "float32 (default), bf16 (convolutions in bfloat16 where the CPU has it natively and a start-up " +
            "probe of forward passes agrees with float32; the blended probabilities in float32; see selftest) or auto (bf16 where allowed); torch runtime only", DefaultValueFactory = _ => "float32" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace outputs that another model or other settings made (outputs of this model with these settings are kept and skipped)" };
        foreach (var o in new Option[] { model, input, output, probabilities, patch, windowMm, overlap, inferenceSpacing, geometry, convAlgorithm, maxMemory, device, runtime, shard,
            precision, overwrite, threshold, uncertainty, bids, bidsSuffix, session }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var part = parse.GetValue(shard) is { } shardText ? Data.Shard.Parse(shardText) : null;
            var options = new PredictionOptions
            {
                Patch = parse.GetValue(patch) is { } given ? PredictionOptions.ParsePatch(given) : PredictionOptions.DefaultPatch, WindowMm = parse.GetValue(windowMm),
                    Device = parse.GetValue(device)!,
                Runtime = EnumNames.Parse<PredictionRuntime>(parse.GetValue(runtime)!, "--runtime"),
                InferenceSpacing = parse.GetValue(inferenceSpacing) is { } grid ? Spacing.Parse(grid) : null,
                Geometry = parse.GetValue(geometry) is { } frame ? EnumNames.Parse<KernelGeometry>(frame, "--geometry") : null,
                ConvolutionAlgorithm = EnumNames.Parse<ConvolutionAlgorithm>(parse.GetValue(convAlgorithm)!, "--conv-algorithm"),
                Precision = ConvolutionPrecision.Resolve(ConvolutionPrecision.Parse(parse.GetValue(precision)!), training: false),
                Threshold = PredictionOptions.CheckThreshold(parse.GetValue(threshold)),
                MemoryBudgetBytes = parse.GetValue(maxMemory) switch
                {
                    0 => null,
                    > 0 and <= 1e6 and var gib => gib * (1L << 30),
                    var bad => throw new UserInputException($"--max-memory {bad}: expected GiB above 0 (or 0 for no budget)"),
                },
            };
            if (options.Precision == Precision.BFloat16 && options.Runtime == PredictionRuntime.Onnx)
                throw new UserInputException("--precision bf16: only with --runtime torch (the ONNX graphs are float32)");
            if (options.WindowMm is double mm) _ = Imaging.Preprocessing.PatchSize.Physical(mm);
            if (parse.GetValue(overlap) is double share) options = options with { StepFraction = PredictionOptions.StepFromOverlap(share) };
            var modelDirs = parse.GetValue(model)!.SelectMany(ModelDirectory.Members).ToList();
            bool withProbabilities = parse.GetValue(probabilities), withUncertainty = parse.GetValue(uncertainty);
            string? bidsRoot = parse.GetValue(bids);
            if (bidsRoot is not null && (parse.GetValue(input) is not null || parse.GetValue(output) is not null))
                throw new UserInputException("--bids: give the dataset alone, without --input and --output (outputs go to its derivatives/nativeseg)");
            if (bidsRoot is null && (parse.GetValue(input) is null || parse.GetValue(output) is null))
                throw new UserInputException("give --input and --output (or --bids DIR)");
            string outputPath = bidsRoot is null ? parse.GetValue(output)! : Path.Combine(bidsRoot, "derivatives", BidsDerivatives.Pipeline);
            // Cheap checks on the inputs before the (slower) model loads.
            var planned = bidsRoot is null
                ? PredictionPlan.Resolve(parse.GetValue(input)!, outputPath, withProbabilities, withUncertainty, withUncertainty && modelDirs.Count > 1)
                : BidsDerivatives.Plan(bidsRoot, parse.GetValue(bidsSuffix)!, parse.GetValue(session), withProbabilities, withUncertainty, withUncertainty && modelDirs.Count > 1);
            bool windowGiven = parse.GetValue(patch) is not null || parse.GetValue(windowMm) is not null;
            var members = modelDirs.Select(dir =>
            {
                // Each member predicts with the window it was validated with, unless one was given.
                var memberOptions = windowGiven ? options : ValidatedWindow(dir, options);
                var loaded = ModelDirectory.Load(dir, options.Runtime == PredictionRuntime.Onnx ? null : TorchDevice.Parse(options.Device));
                return (Dir: dir, loaded.Config.Name, Options: memberOptions, Predictor: Predictors.Create(loaded, memberOptions));
            }).ToList();
            IVolumePredictor predictor = members.Count == 1 ? members[0].Predictor : new EnsemblePredictor(members.Select(m => m.Predictor).ToList(), options.Threshold);
            string settings = string.Join("; ", members.Select(m => m.Options.Settings(withProbabilities)).Distinct()) + (withUncertainty ? ", with uncertainty" : "");
            var record = PredictionRecord.For(modelDirs, members.Select(m => m.Name).ToList(), settings);
            var runner = new PredictionRunner(predictor, record);
            var clock = Stopwatch.StartNew();
            if (bidsRoot is not null) BidsDerivatives.Describe(outputPath, record.Description);
            var cases = PredictionProgressDisplay.Run(progress => runner.Run(planned, progress, shard: part, overwrite: parse.GetValue(overwrite)));
            string who = members.Count == 1 ? members[0].Name : $"an ensemble of {members.Count} ({string.Join(", ", members.Select(m => m.Name))})";
            Console.Out.WriteLine($"predicted {cases.Count - runner.LeftToOthers.Count} case(s){(part is null ? "" : $" (shard {part})")} with {who} " +
                $"({string.Join("; ", members.Select(m => m.Options.Describe()).Distinct())}) in {clock.Elapsed.TotalSeconds:0.0} " +
                $"s -> {outputPath}");
            if (runner.LeftToOthers.Count > 0)
                Console.Out.WriteLine($"left to the process predicting them: {string.Join(", ", runner.LeftToOthers)} (`nativeseg status` shows when they are done)");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The window a model was validated with, from its training record: whole held-out volumes (then the whole volume,
    /// in tiles under --max-memory), or patches of its training size. A model without a record keeps the fixed default.
    /// </summary>
    private static PredictionOptions ValidatedWindow(string modelDir, PredictionOptions options)
    {
        var record = Training.TrainingRecord.Read(modelDir);
        if (record?["validation"]?.GetValue<string>() is not { } validation) return options;
        if (validation == "whole") return options with { Patch = null, WindowMm = null };
        string? trained = record["patch"]?.GetValue<string>();
        var parts = trained?.Split(' ') ?? [];
        if (parts.Length == 2 && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double size))
            return parts[1] == "mm" ? options with { Patch = null, WindowMm = size } : options with { Patch = (int)size, WindowMm = null };
        return options;
    }
}
