using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Model;
using System.Collections;
using System.CommandLine;
using NativeSeg.Imaging;
using NativeSeg.Nets.Import;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg import-pytorch [--state-dict] STATE_DICT.pt --out MODEL [--diameter 5] [--pool-mm 2] [--radial-cutoff false]
/// [--level-spacing published] [--kernel-buffers published-float32] [--n N --levels L --radial-basis B]`: a state dict
/// of the paper's published e3nn_Unet model (torch.save of UNet(...).state_dict()) as a NativeSeg model folder, so
/// published or collaborators' weights predict here. n, levels, radial basis count, input channels and classes are
/// read off the tensors (<see cref="PublishedShape"/>); given as flags they must agree.
/// </summary>
public sealed class ImportPytorchCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Argument<string?>("state-dict") { Description = "a .pt file written by torch.save(model.state_dict()) of the published UNet", Arity = ArgumentArity.ZeroOrOne };
        var inputOption = new Option<string?>("--state-dict") { Description = "the same .pt file, as an option" };
        var output = new Option<string>("--out") { Description = "model folder to create (must not exist or be empty)", Required = true };
        var n = new Option<int?>("--n") { Description = "the published n (level-0 irreps 4n x0e + 2n x1e + n x2e); default: read off the state dict" };
        var levels = new Option<int?>("--levels") { Description = "resolution levels (the published n_downsample + 1); default: read off the state dict" };
        var radialBasis = new Option<int?>("--radial-basis") { Description = "num_radial_basis; default: read off the state dict" };
        var diameter = new Option<double>("--diameter") { Description = "kernel diameter in mm", DefaultValueFactory = _ => 5 };
        var poolMm = new Option<double>("--pool-mm") { Description = "the published scale (first pooling size in mm)", DefaultValueFactory = _ => 2 };
        var cutoff = RadialCutoffOption.Create("the published cutoff (its default: false)");
        var levelSpacing = new Option<string>("--level-spacing") { Description = "pooling sizes of deeper levels: published (from the input spacing, as the published code; parity with its " +
            "weights) or actual (from each level's real spacing, NativeSeg's rule); equal on 1 mm and 0.5x0.5x1 mm grids", DefaultValueFactory = _ => "published" };
        var buffers = new Option<string>("--kernel-buffers") { Description = "published-float32 (the published code's float32 kernel buffers: its outputs number for number) or float64 " +
            "(NativeSeg's, up to 4e-6 away)", DefaultValueFactory = _ => "published-float32" };
        var command = new Command("import-pytorch", "Import a state dict of the paper's published PyTorch model (e3nn_Unet) as a NativeSeg model folder.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { inputOption, output, n, levels, radialBasis, diameter, poolMm, cutoff, levelSpacing, buffers }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            bool radialCutoff = RadialCutoffOption.Read(parse, cutoff) ?? false;
            string path = (parse.GetValue(input), parse.GetValue(inputOption)) switch
            {
                ({ } a, { } b) when a != b => throw new UserInputException($"two state dicts given ({a} and --state-dict {b}); give one"),
                ({ } a, _) => a,
                (_, { } b) => b,
                _ => throw new UserInputException("no state dict given: import-pytorch FILE.pt --out MODEL"),
            };
            string outDir = parse.GetValue(output)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found");
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new IOException($"{outDir}: exists and is not empty; choose a new --out");
            using var scope = NewDisposeScope();
            var stateDict = Read(path);
            PublishedShape shape;
            try { shape = PublishedShape.Of(stateDict); }
            catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}"); }
            Agree(path, "--n", parse.GetValue(n), shape.N);
            Agree(path, "--levels", parse.GetValue(levels), shape.Levels);
            Agree(path, "--radial-basis", parse.GetValue(radialBasis), shape.RadialBasis);
            var config = PublishedUNet.Config(shape.N, shape.Levels - 1, parse.GetValue(diameter), shape.RadialBasis, parse.GetValue(poolMm), radialCutoff,
                                              shape.InputChannels, shape.Classes) with
            {
                LevelSpacing = EnumNames.Parse<LevelSpacingRule>(parse.GetValue(levelSpacing)!, "--level-spacing"),
                KernelBuffers = EnumNames.Parse<KernelBufferPrecision>(parse.GetValue(buffers)!, "--kernel-buffers"),
            };
            config.Check();
            var (net, ignored) = PublishedUNet.Build(stateDict, config);
            using var _ = net;
            if (ModelDirectory.NonFiniteTensor(net) is { } bad) throw new InvalidDataException($"{path}: tensor '{bad}' holds NaN or infinite values");
            ModelDirectory.Save(outDir, net, config);
            Console.Out.WriteLine($"read {shape} off the tensors");
            Console.Out.WriteLine($"imported {net.ParameterCount()} parameters from {stateDict.Count - ignored.Count} of {stateDict.Count} tensors (ignored {ignored.Count} buffers: " +
                $"{string.Join(", ", ignored.Take(3))}{(ignored.Count > 3 ? ", ..." : "")}) -> {outDir}");
            return 0;
        }));
        return command;
    }

    private static void Agree(string path, string flag, int? given, int found)
    {
        if (given is { } g && g != found) throw new InvalidDataException($"{path}: {flag} {g}, but the state dict is of a model with {found}");
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not IOException)
        {
            throw new InvalidDataException($"{path}: not a PyTorch state dict ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
        var dict = new Dictionary<string, Tensor>();
        // Sorted by name: a pickled dict comes back as a Hashtable, whose order would make the printed summary vary.
        foreach (var entry in table.Cast<DictionaryEntry>().OrderBy(e => e.Key as string, StringComparer.Ordinal))
            if (entry.Key is string key && entry.Value is Tensor t) dict[key] = t;
        if (dict.Count == 0) throw new InvalidDataException($"{path}: holds no tensors");
        return dict;
    }
}
