using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;

namespace NativeSeg.Experiments;

public sealed record DemoSettings(string OutDir, long Seed = 0)
{
    /// <summary>Subjects per training cluster and the field of view (mm, cube around the ventricles).</summary>
    public int SubjectsPerCluster { get; init; } = 3;
    public double FieldOfViewMm { get; init; } = 48;
    public ExperimentScale Scale { get; init; } = ExperimentScale.Demo;
    /// <summary>Folder with pre-trained ra-unet, unet and unet-1mm model folders; null or incomplete = train on the spot.</summary>
    public string? ShippedModels { get; init; }
}

/// <summary>
/// `nativeseg demo`: synthesize a small mixed-resolution set, train the three models on it, predict 2D coronal
/// cases at a resolution none of them saw, and compare (Dice table, overlay, report.md). Built on the experiment
/// runner, so an interrupted demo continues where it stopped and a finished one only reprints its results.
/// </summary>
public static class Demo
{
    public static ExperimentProtocol Protocol { get; } = new("demo", "Demo: train on 1 mm, 0.5 mm and 2D axial data; test on 2D coronal data at an unseen resolution",
        [new TrainingSet("mixed", [ExperimentProtocol.Group1mm, ExperimentProtocol.Group05mm, ExperimentProtocol.Group2d])],
        [DemoData.UnseenGroup]);

    public static ExperimentResult Run(DemoSettings s, IExperimentProgress? progress = null)
    {
        string data = Path.Combine(s.OutDir, "data");
        var ledger = new StepLedger(Path.Combine(s.OutDir, "steps"));
        ledger.Run("synthesize", () =>
        {
            progress?.StepStarted("synthesize the demo data");
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            DemoData.Write(data, DemoData.Standard(s.SubjectsPerCluster), s.FieldOfViewMm, s.Seed, m => progress?.Training?.Message(m));
        });
        var settings = new ExperimentSettings(Protocol, data, s.OutDir, s.Scale, ExperimentSettings.AllModels, s.Seed);
        if (HasShippedModels(s))
        {
            UseShippedModels(s.ShippedModels!, new ExperimentLayout(s.OutDir), ledger, progress);
            settings = settings with { PretrainedModels = s.ShippedModels };
        }
        return ExperimentRunner.Run(settings, progress);
    }

    public static bool HasShippedModels(DemoSettings s) =>
        s.ShippedModels is { } dir && ExperimentSettings.AllModels.All(k => File.Exists(Path.Combine(dir, k.Name(), Nets.Model.ModelDirectory.ConfigFile)));

    /// <summary>Copies the shipped models where the runner expects its trained models and marks their training done.</summary>
    private static void UseShippedModels(string shipped, ExperimentLayout layout, StepLedger ledger, IExperimentProgress? progress)
    {
        var set = Protocol.TrainingSets[0];
        foreach (var kind in ExperimentSettings.AllModels)
        {
            string step = ExperimentRunner.TrainStep(set, kind);
            if (ledger.IsDone(step)) continue;
            progress?.StepStarted($"use the shipped {kind.Name()} model");
            string target = layout.Model(set, kind);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(Path.Combine(shipped, kind.Name())))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            ledger.MarkDone(step, 0);
        }
    }
}
