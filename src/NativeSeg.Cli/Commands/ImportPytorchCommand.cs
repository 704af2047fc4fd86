using System.Collections;
using System.CommandLine;
using NativeSeg.Imaging;
using NativeSeg.Nets;
using NativeSeg.Nets.Import;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg import-pytorch STATE_DICT.pt --out MODEL [--n 1] [--levels 3] [--diameter 5] [--radial-basis 5]
/// [--pool-mm 2] [--radial-cutoff false]`: a state dict of the paper's published e3nn_Unet model (torch.save of
/// UNet(...).state_dict()) as a NativeSeg model folder, so published or collaborators' weights predict here.
/// </summary>
public sealed class ImportPytorchCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Argument<string>("state-dict") { Description = "a .pt file written by torch.save(model.state_dict()) of the published UNet" };
        var output = new Option<string>("--out") { Description = "model folder to create (must not exist or be empty)", Required = true };
        var n = new Option<int>("--n") { Description = "the published n (level-0 irreps 4n x0e + 2n x1e + n x2e)", DefaultValueFactory = _ => 1 };
        var levels = new Option<int>("--levels") { Description = "resolution levels (the published n_downsample + 1)", DefaultValueFactory = _ => 3 };
        var diameter = new Option<double>("--diameter") { Description = "kernel diameter in mm", DefaultValueFactory = _ => 5 };
        var radialBasis = new Option<int>("--radial-basis") { Description = "num_radial_basis", DefaultValueFactory = _ => 5 };
        var poolMm = new Option<double>("--pool-mm") { Description = "the published scale (first pooling size in mm)", DefaultValueFactory = _ => 2 };
        var cutoff = new Option<bool>("--radial-cutoff") { Description = "the published cutoff (its default: false)", DefaultValueFactory = _ => false };
        var command = new Command("import-pytorch", "Import a state dict of the paper's published PyTorch model (e3nn_Unet) as a NativeSeg model folder.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, n, levels, diameter, radialBasis, poolMm, cutoff }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            string path = parse.GetValue(input)!, outDir = parse.GetValue(output)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found");
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new IOException($"{outDir}: exists and is not empty; choose a new --out");
            var config = PublishedUNet.Config(parse.GetValue(n), parse.GetValue(levels) - 1, parse.GetValue(diameter), parse.GetValue(radialBasis), parse.GetValue(poolMm), parse.GetValue(cutoff));
            config.Check();
            using var scope = NewDisposeScope();
            var stateDict = Read(path);
            var (net, ignored) = PublishedUNet.Build(stateDict, config);
            using var _ = net;
            if (ModelDirectory.NonFiniteTensor(net) is { } bad) throw new InvalidDataException($"{path}: tensor '{bad}' holds NaN or infinite values");
            ModelDirectory.Save(outDir, net, config);
            Console.Out.WriteLine($"imported {net.ParameterCount()} parameters from {stateDict.Count - ignored.Count} of {stateDict.Count} tensors (ignored {ignored.Count} buffers: {string.Join(", ", ignored.Take(3))}{(ignored.Count > 3 ? ", ..." : "")}) -> {outDir}");
            return 0;
        }));
        return command;
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
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string key && entry.Value is Tensor t) dict[key] = t;
        if (dict.Count == 0) throw new InvalidDataException($"{path}: holds no tensors");
        return dict;
    }
}
