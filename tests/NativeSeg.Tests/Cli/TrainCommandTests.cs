using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class TrainCommandTests
{
    [Fact]
    public void TrainsThenPredictsFromTheCommandLine()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(10, 10, 8), new Spacing(1, 1, 1.5), group: "3d-1mm");
        var (code, stdout, stderr) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("m"),
            "--patch", "8", "--epochs", "2", "--steps-per-epoch", "2", "--features", "4", "--levels", "2", "--seed", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("epoch 1:", stdout);
        Assert.Equal(3, File.ReadAllLines(dir.File("m/training.csv")).Length);

        (code, _, stderr) = CliCapture.Run("predict", "--model", dir.File("m"), "--input", dir.File("data/imagesTr/case000_0000.nii.gz"),
            "--output", dir.File("p.nii.gz"), "--patch", "whole");
        Assert.True(code == 0, stderr);
        var mask = NiftiReader.Read(dir.File("p.nii.gz"));
        Assert.Equal(new Shape3(10, 10, 8), mask.Shape);
    }

    [Fact]
    public void EmptyDatasetsAndWrongKindsGiveOneLine()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("empty/imagesTr"));
        File.WriteAllText(dir.File("empty/dataset.json"), "{}");
        var (code, _, stderr) = CliCapture.Run("train", "--data", dir.File("empty"), "--model", "unet", "--out", dir.File("m"));
        Assert.Equal(1, code);
        Assert.Contains("no training cases", stderr);
        Assert.Single(stderr.Trim().Split('\n'));

        (code, _, stderr) = CliCapture.Run("train", "--data", dir.File("empty"), "--model", "vnet", "--out", dir.File("m"));
        Assert.Equal(1, code);
        Assert.Contains("vnet", stderr);

        BlobDataset.Write(dir.File("data"), 2, new Shape3(8, 8, 8), Spacing.Isotropic(1));
        string[] common = ["--data", dir.File("data"), "--out", dir.File("m"), "--patch", "8", "--epochs", "1", "--steps-per-epoch", "1", "--features", "2", "--levels", "2"];
        Assert.Equal(0, CliCapture.Run(["train", "--model", "unet", .. common]).Code);
        (code, _, stderr) = CliCapture.Run(["train", "--model", "unet-1mm", "--resume", .. common]);
        Assert.Equal(1, code);
        Assert.Contains("holds a unet run", stderr);

        string[] wider = [.. common[..^4], "--features", "3", "--levels", "2"];
        (code, _, stderr) = CliCapture.Run(["train", "--model", "unet", "--resume", .. wider]);
        Assert.Equal(1, code);
        Assert.Contains("different architecture (features 2, not 3)", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal(0, CliCapture.Run(["train", "--model", "unet", "--resume", .. common]).Code);
    }

    [Fact]
    public void WeightsWithNaNAreRefusedAtLoad()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 2, new Shape3(8, 8, 8), Spacing.Isotropic(1));
        Assert.Equal(0, CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("m"), "--patch", "8",
            "--epochs", "1", "--steps-per-epoch", "1", "--features", "2", "--levels", "2").Code);
        var model = NativeSeg.Nets.Model.ModelDirectory.Load(dir.File("m"));
        using (TorchSharp.torch.no_grad()) model.Net.parameters().Last().fill_(double.NaN);
        NativeSeg.Nets.Model.ModelDirectory.Save(dir.File("m"), model.Net, model.Config);
        model.Net.Dispose();

        var (code, _, stderr) = CliCapture.Run("predict", "--model", dir.File("m"), "--input", dir.File("data/imagesTr/case000_0000.nii.gz"),
            "--output", dir.File("p.nii.gz"));
        Assert.Equal(1, code);
        Assert.Contains("NaN or infinite", stderr);
        Assert.Contains("weights.bin", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("p.nii.gz")));
    }

    /// <summary>
    /// A first train with nothing but data, model and folder runs the cpu scale (2-core sizes and the fair protocol's
    /// recipe), says which cases it holds out, and logs a step line with the time left before the first epoch ends.
    /// </summary>
    [Fact]
    public void AFirstTrainRunsTheCpuScaleAndLogsItsProgress()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(12, 12, 10), new Spacing(1, 1, 1.5));
        var (code, stdout, stderr) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("m"), "--epochs", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("validation (held out): ", stdout);
        Assert.Matches(@"epoch 0 step 1/15: loss [0-9.]+, [0-9.]+ s/step, at most \S+ (s|min|h) left", stdout);
        Assert.Contains("epoch 0: train loss", stdout);
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("m/training.json")))!;
        Assert.Equal(("32 mm", 5e-3, "whole"), ((string)record["patch"]!, (double)record["learning_rates"]!["base"]!, (string)record["validation"]!));
        Assert.Contains("\"features\": 15", File.ReadAllText(dir.File("m/model.json")));

        // predict, told nothing about windows, predicts as the model was validated: whole volumes
        (code, stdout, stderr) = CliCapture.Run("predict", "--model", dir.File("m"), "--input", dir.File("data/imagesTr/case000_0000.nii.gz"), "--output", dir.File("p.nii.gz"));
        Assert.True(code == 0, stderr);
        Assert.Contains("with unet (whole volume", stdout);
    }

    [Fact]
    public void TrainingStudyFlagsReachTheRunAndTheModel()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 3, new Shape3(10, 10, 8), new Spacing(1, 1, 1.5), group: "3d-1mm");
        var (code, stdout, stderr) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "ra-unet", "--out", dir.File("m"),
            "--patch-mm", "9", "--epochs", "5", "--steps-per-epoch", "1", "--max-steps", "2", "--irreps-multiplicity", "1", "--levels", "2",
            "--radial-cutoff", "false", "--loss", "ce-dice", "--validation", "whole", "--grad-clip", "0.1", "--head-bias-prior", "0.02",
            "--lr", "1e-2", "--lr-radial", "3e-2", "--lr-self-connection", "1e-2", "--lr-other", "5e-3", "--augment", "nnunet-no-rotation", "--grid-augment", "1", "--grid-range", "1-2,2-3",
                "--lr-schedule", "poly", "--precision", "auto");
        Assert.True(code == 0, stderr);
        Assert.Contains("step budget reached after epoch 1; best epoch", stdout);
        Assert.Contains("validation (held out): case0", stdout);
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("m/training.json")))!;
        Assert.Equal(("nnunet-no-rotation", 1.0, "1-2,2-3", "poly", "ce-dice"), ((string)record["augment"]!, (double)record["grid_augment"]!, (string)record["grid_range"]!,
            (string)record["schedule"]!, (string)record["loss"]!));
        Assert.Equal((2, "step budget"), ((int)record["run"]!["epochs_run"]!, (string)record["run"]!["stopped"]!));
        // auto is recorded as what it resolved to on this machine.
        Assert.Equal(NativeSeg.Nets.Execution.ConvolutionPrecision.Bf16Trusted ? "bf16" : "float32", (string)record["precision"]!);
        Assert.Single(record["validation_cases"]!.AsArray());
        Assert.Equal(3, File.ReadAllLines(dir.File("m/training.csv")).Length);
        Assert.Contains("\"radial_cutoff\": false", File.ReadAllText(dir.File("m/model.json")));
        Assert.True(File.Exists(dir.File("m/diagnostics.csv")));

        (code, stdout, stderr) = CliCapture.Run("curves", "--runs", dir.File("m"), dir.File("m"), "--names", "a,b", "--out", dir.File("c.png"));
        Assert.True(code == 0, stderr);
        Assert.Contains("| a | 2 | 2 |", stdout);
        Assert.True(File.Exists(dir.File("c-val_dice.png")) && File.Exists(dir.File("c-val_loss.png")));

        (code, _, stderr) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("n"), "--lr-schedule", "cosine");
        Assert.Equal((1, "error: --lr-schedule 'cosine': expected constant or poly"), (code, stderr.Trim()));
    }
}
