using System.Text.Json;
using System.Text.Json.Nodes;

namespace NativeSeg.Data;

/// <summary>
/// An nnU-Net raw dataset folder: dataset.json, imagesTr/&lt;case&gt;_0000.nii.gz with labelsTr/&lt;case&gt;.nii.gz, and
/// optional imagesTs/labelsTs; per-case group and plane from cases.tsv when present (else group "all").
/// Only single-channel datasets are read (channel 0000), which is what FLAIR lesion segmentation uses.
/// </summary>
public sealed class NnUNetDataset
{
    public string Root { get; }
    public string Name { get; }
    public IReadOnlyList<DatasetCase> Training { get; }
    public IReadOnlyList<DatasetCase> Test { get; }

    private NnUNetDataset(string root, string name, IReadOnlyList<DatasetCase> training, IReadOnlyList<DatasetCase> test)
    {
        Root = root;
        Name = name;
        Training = training;
        Test = test;
    }

    public static NnUNetDataset Open(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: dataset folder not found");
        string json = Path.Combine(root, "dataset.json");
        if (!File.Exists(json)) throw new FileNotFoundException($"{json}: missing (not an nnU-Net raw dataset)");
        string name;
        try { name = (JsonNode.Parse(File.ReadAllText(json)) as JsonObject)?["name"]?.GetValue<string>() ?? Path.GetFileName(Path.GetFullPath(root)); }
        catch (JsonException e) { throw new InvalidDataException($"{json}: invalid JSON ({e.Message.Split('.')[0]})"); }
        string tsv = Path.Combine(root, CaseTable.FileName);
        var info = File.Exists(tsv) ? CaseTable.Read(tsv).ToDictionary(c => c.Case) : new Dictionary<string, CaseInfo>();
        return new NnUNetDataset(root, name, Cases(root, "imagesTr", "labelsTr", info, labelsRequired: true),
                                 Cases(root, "imagesTs", "labelsTs", info, labelsRequired: false));
    }

    /// <summary>Training cases whose group is one of <paramref name="groups"/> (all when null or empty).</summary>
    public IReadOnlyList<DatasetCase> TrainingIn(IReadOnlyCollection<string>? groups) => In(Training, groups);

    /// <summary>Test cases whose group is one of <paramref name="groups"/> (all when null or empty).</summary>
    public IReadOnlyList<DatasetCase> TestIn(IReadOnlyCollection<string>? groups) => In(Test, groups);

    private static IReadOnlyList<DatasetCase> In(IReadOnlyList<DatasetCase> cases, IReadOnlyCollection<string>? groups) =>
        groups is null || groups.Count == 0 ? cases : cases.Where(c => groups.Contains(c.Group)).ToList();

    private static List<DatasetCase> Cases(string root, string images, string labels, Dictionary<string, CaseInfo> info, bool labelsRequired)
    {
        string imageDir = Path.Combine(root, images), labelDir = Path.Combine(root, labels);
        if (!Directory.Exists(imageDir))
        {
            if (labelsRequired) throw new DirectoryNotFoundException($"{imageDir}: missing (not an nnU-Net raw dataset)");
            return [];
        }
        var cases = new List<DatasetCase>();
        foreach (var image in Directory.GetFiles(imageDir).Where(f => !Path.GetFileName(f).StartsWith('.')).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (NnUNetNames.NiftiStem(image) is not { } stem || !stem.EndsWith(NnUNetNames.ChannelZero, StringComparison.Ordinal)) continue;
            string name = stem[..^NnUNetNames.ChannelZero.Length];
            string label = Path.Combine(labelDir, name + NnUNetNames.NiftiExtension(image));
            info.TryGetValue(name, out var row);
            cases.Add(new DatasetCase(name, image, File.Exists(label) ? label : null, row?.Group ?? "all", row?.Plane ?? "")
            { ListedSpacing = row?.Spacing });
        }
        return cases;
    }
}
