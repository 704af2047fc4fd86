using NativeSeg.Data;
using System.Text.RegularExpressions;

namespace NativeSeg.Inference;

/// <summary>
/// Resolves --input/--output into cases with nnU-Net names: an input folder's case_0000.nii.gz becomes
/// OUTPUT/case.nii.gz; a single input file goes to the output file given (or OUTPUT/case.nii.gz when the
/// output is a folder). Probabilities, when requested, go beside the mask as &lt;mask stem&gt;_prob.nii.gz, the
/// uncertainty maps as &lt;mask stem&gt;_uncertainty.nii.gz and &lt;mask stem&gt;_mutual-information.nii.gz.
/// </summary>
public static partial class PredictionPlan
{
    /// <param name="uncertainty">Also the entropy map; <paramref name="mutualInformation"/> also the members' disagreement.</param>
    public static IReadOnlyList<PredictionCase> Resolve(string input, string output, bool probabilities, bool uncertainty = false, bool mutualInformation = false)
    {
        var cases = Resolve(input, output, probabilities);
        if (!uncertainty) return cases;
        var inputs = cases.Select(c => c.InputPath).ToList();
        var withMaps = cases.Select(c => c with
        {
            UncertaintyPath = SiblingPath(c.MaskPath, NnUNetNames.UncertaintySuffix),
            MutualInformationPath = mutualInformation ? SiblingPath(c.MaskPath, NnUNetNames.MutualInformationSuffix) : null,
        }).ToList();
        foreach (var path in withMaps.SelectMany(c => c.Outputs)) Imaging.OutputGuard.RequireNotAnInput(path, inputs);
        return withMaps;
    }

    private static IReadOnlyList<PredictionCase> Resolve(string input, string output, bool probabilities)
    {
        if (string.IsNullOrWhiteSpace(output)) throw new UserInputException("--output: give a file or a folder");
        if (Directory.Exists(input)) return FromFolder(input, output, probabilities);
        if (!File.Exists(input)) throw new FileNotFoundException($"{input}: no such file or folder");
        if (NnUNetNames.NiftiStem(input) is null) throw new InvalidDataException($"{input}: not a .nii or .nii.gz file");
        string name = CaseName(input);
        string mask = IsFolderTarget(output) ? Path.Combine(output, NnUNetNames.MaskFile(name)) : output;
        var single = Case(name, input, mask, probabilities);
        RequireNoInputOverwritten([single], [input]);
        return [single];
    }

    /// <summary>The case name of an nnU-Net image file: the file name without .nii(.gz) and without the channel suffix _0000.</summary>
    public static string CaseName(string path)
    {
        string stem = NnUNetNames.NiftiStem(path) ?? throw new InvalidDataException($"{path}: not a .nii or .nii.gz file");
        var channel = ChannelSuffix().Match(stem);
        if (!channel.Success) return stem;
        if (channel.Groups[1].Value != "0000")
            throw new InvalidDataException($"{path}: channel {channel.Groups[1].Value} of a multi-channel case; the models take one channel (_0000)");
        return stem[..channel.Index];
    }

    /// <summary>Where the probability map of <paramref name="maskPath"/> goes: same folder, stem + "_prob", same extension.</summary>
    public static string ProbabilityPathFor(string maskPath) => SiblingPath(maskPath, NnUNetNames.ProbabilitySuffix);

    /// <summary>A map beside <paramref name="maskPath"/>: same folder, stem + suffix, same extension.</summary>
    public static string SiblingPath(string maskPath, string suffix)
    {
        string stem = NnUNetNames.NiftiStem(maskPath) ?? throw new UserInputException($"{maskPath}: output must end in .nii or .nii.gz");
        return Path.Combine(Path.GetDirectoryName(maskPath) ?? "", stem + suffix + NnUNetNames.NiftiExtension(maskPath));
    }

    private static IReadOnlyList<PredictionCase> FromFolder(string input, string output, bool probabilities)
    {
        if (File.Exists(output)) throw new UserInputException($"{output}: is a file; a folder input needs an output folder");
        var files = Directory.EnumerateFiles(input)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && NnUNetNames.NiftiStem(f) != null)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDataException($"{input}: no .nii or .nii.gz files to predict");
        var cases = files.Select(f => Case(CaseName(f), f, Path.Combine(output, NnUNetNames.MaskFile(CaseName(f))), probabilities)).ToList();
        var duplicate = cases.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new InvalidDataException($"{input}: case '{duplicate.Key}' appears twice ({string.Join(", ", duplicate.Select(c => Path.GetFileName(c.InputPath)))})");
        RequireNoInputOverwritten(cases, files);
        return cases;
    }

    private static PredictionCase Case(string name, string input, string mask, bool probabilities) =>
        new(name, input, mask, probabilities ? ProbabilityPathFor(mask) : null);

    private static bool IsFolderTarget(string output) =>
        Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar) || NnUNetNames.NiftiStem(output) is null;

    /// <summary>No mask and no probability map may be (under any name) one of the command's input files.</summary>
    private static void RequireNoInputOverwritten(IReadOnlyList<PredictionCase> cases, IReadOnlyList<string> inputs)
    {
        foreach (var c in cases)
        {
            Imaging.OutputGuard.RequireNotAnInput(c.MaskPath, inputs);
            if (c.ProbabilityPath is { } p) Imaging.OutputGuard.RequireNotAnInput(p, inputs);
        }
    }

    [GeneratedRegex(@"_(\d{4})$")]
    private static partial Regex ChannelSuffix();
}
