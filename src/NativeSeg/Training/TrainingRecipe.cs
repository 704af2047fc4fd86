using NativeSeg.Imaging;
using NativeSeg.Nets.Execution;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Training.Augmentation;

namespace NativeSeg.Training;

/// <summary>
/// How a model is trained, beyond its size and data: the controls of the RA training study. Every field is
/// optional; a set field overrides the <see cref="TrainingOptions"/> it is applied to (the CLI's train and
/// experiment verbs read the same flags into one of these, and an experiment scale carries its own).
/// </summary>
public sealed record TrainingRecipe
{
    public double? LearningRate { get; init; }
    public double? RadialLearningRate { get; init; }
    public double? SelfConnectionLearningRate { get; init; }
    public double? OtherLearningRate { get; init; }
    public double? GradClip { get; init; }
    public double? HeadBiasPrior { get; init; }
    public LossKind? Loss { get; init; }
    public LearningRateSchedule? Schedule { get; init; }
    public ValidationMode? ValidateOn { get; init; }
    public bool? RadialCutoff { get; init; }
    public double? PatchMm { get; init; }
    public int? MaxSteps { get; init; }
    public int? PatienceSteps { get; init; }
    public double? MaxMinutes { get; init; }
    public AugmentationScheme? Augment { get; init; }
    public double? GridAugment { get; init; }
    public GridRange? GridRange { get; init; }
    public Precision? Precision { get; init; }

    public static TrainingRecipe None { get; } = new();

    public TrainingOptions ApplyTo(TrainingOptions o) => o with
    {
        LearningRate = LearningRate ?? o.LearningRate,
        RadialLearningRate = RadialLearningRate ?? o.RadialLearningRate,
        SelfConnectionLearningRate = SelfConnectionLearningRate ?? o.SelfConnectionLearningRate,
        OtherLearningRate = OtherLearningRate ?? o.OtherLearningRate,
        GradClip = GradClip ?? o.GradClip,
        HeadBiasPrior = HeadBiasPrior ?? o.HeadBiasPrior,
        Loss = Loss ?? o.Loss,
        Schedule = Schedule ?? o.Schedule,
        ValidateOn = ValidateOn ?? o.ValidateOn,
        PatchMm = PatchMm ?? o.PatchMm,
        MaxSteps = MaxSteps ?? o.MaxSteps,
        PatienceSteps = PatienceSteps ?? o.PatienceSteps,
        MaxMinutes = MaxMinutes ?? o.MaxMinutes,
        Augment = Augment ?? o.Augment,
        GridAugment = GridAugment ?? o.GridAugment,
        GridRange = GridRange ?? o.GridRange,
        Precision = Precision ?? o.Precision,
        Config = o.Config with { RadialCutoff = RadialCutoff ?? o.Config.RadialCutoff },
    };

    /// <summary>The set fields as flag=value pairs (reports and run.json), in flag order.</summary>
    public IReadOnlyList<(string Flag, string Value)> Describe()
    {
        var list = new List<(string, string)>();
        void Add(string flag, object? value) { if (value is not null) list.Add((flag, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!)); }
        Add("--lr", LearningRate);
        Add("--lr-radial", RadialLearningRate);
        Add("--lr-self-connection", SelfConnectionLearningRate);
        Add("--lr-other", OtherLearningRate);
        Add("--lr-schedule", Schedule?.Name());
        Add("--grad-clip", GradClip);
        Add("--head-bias-prior", HeadBiasPrior);
        Add("--loss", Loss?.Name());
        Add("--validation", ValidateOn?.Name());
        Add("--radial-cutoff", RadialCutoff?.ToString().ToLowerInvariant());
        Add("--patch-mm", PatchMm);
        Add("--max-steps", MaxSteps);
        Add("--patience-steps", PatienceSteps);
        Add("--max-minutes", MaxMinutes);
        Add("--augment", Augment?.Name());
        Add("--grid-augment", GridAugment);
        Add("--grid-range", GridRange);
        Add("--precision", Precision is { } p ? EnumNames.Name(p) : null);
        return list;
    }
}
