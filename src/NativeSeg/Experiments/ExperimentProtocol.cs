namespace NativeSeg.Experiments;

/// <summary>A set of training cases (cases.tsv groups) that each model is trained on once.</summary>
public sealed record TrainingSet(string Name, IReadOnlyList<string> Groups);

/// <summary>
/// One of the paper's experiments as data: what each model is trained on and which test groups it is scored on.
/// 3d = Table 2 (train on 1 mm, on 0.5 mm and on both; test on both 3D test sets); 2d3d = Table 3 (train on
/// 1 mm + 0.5 mm + 2D; test on the 3D sets and the 2D set, plus the Figure 2 overlay of a 2D case).
/// </summary>
public sealed record ExperimentProtocol(string Name, string Title, IReadOnlyList<TrainingSet> TrainingSets, IReadOnlyList<string> TestGroups)
{
    public const string Group1mm = "3d-1mm";
    public const string Group05mm = "3d-0.5mm";
    public const string Group2d = "2d";

    public static readonly ExperimentProtocol ThreeD = new("3d", "Table 2: 3D data at 1 mm and 0.5 mm",
        [new("3d-1mm", [Group1mm]), new("3d-0.5mm", [Group05mm]), new("3d-both", [Group1mm, Group05mm])],
        [Group1mm, Group05mm]);

    public static readonly ExperimentProtocol TwoDThreeD = new("2d3d", "Table 3: 3D and 2D data together",
        [new("3d+2d", [Group1mm, Group05mm, Group2d])],
        [Group1mm, Group05mm, Group2d]);

    /// <summary>The protocol restricted to one of its training sets (run a table in pieces, or its key row first).</summary>
    public ExperimentProtocol Only(string setName) =>
        TrainingSets.FirstOrDefault(t => t.Name.Equals(setName.Trim(), StringComparison.OrdinalIgnoreCase)) is { } set
            ? this with { TrainingSets = [set] }
            : throw new UserInputException($"--set '{setName}': protocol {Name} trains on {string.Join(", ", TrainingSets.Select(t => t.Name))}");

    public static ExperimentProtocol Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "3d" => ThreeD,
        "2d3d" => TwoDThreeD,
        _ => throw new UserInputException($"protocol '{name}': expected 3d or 2d3d (Dice against spacing: nativeseg sweep --models-from EXPERIMENT)"),
    };
}
