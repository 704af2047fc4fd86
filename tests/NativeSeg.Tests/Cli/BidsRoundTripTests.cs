using System.Text.Json.Nodes;
using NativeSeg.Data;
using NativeSeg.Evaluation;

namespace NativeSeg.Tests.Cli;

/// <summary>synth --bids → predict --bids → evaluate --bids gives what the nnU-Net route gives on the same cases.</summary>
[Collection("Console")]
public class BidsRoundTripTests
{
    [Fact]
    public void TheBidsRouteScoresTheSameAsTheNnUNetRoute()
    {
        using var dir = new TempFolder();
        string model = PredictCommandTests.TinyModel(dir);
        foreach (var args in new[]
                 {
                     new[] { "synth", "--out", dir.File("nnunet"), "--preset", "tiny", "--seed", "5", "--clusters", "3d-1mm", "--subjects", "1", "--test-subjects", "2" },
                     ["synth", "--out", dir.File("bids"), "--preset", "tiny", "--seed", "5", "--clusters", "3d-1mm", "--subjects", "1", "--test-subjects", "2", "--bids"],
                     ["predict", "--model", model, "--input", dir.File("nnunet/imagesTs"), "--output", dir.File("pred"), "--patch", "whole"],
                     ["predict", "--model", model, "--bids", dir.File("bids"), "--patch", "whole", "--probabilities"],
                     ["evaluate", "--pred", dir.File("pred"), "--truth", dir.File("nnunet/labelsTs"), "--out", dir.File("nnunet.csv")],
                     ["evaluate", "--pred", dir.File("bids/derivatives/nativeseg"), "--truth", dir.File("bids/derivatives/truth"), "--bids", "--out", dir.File("bids.csv")],
                 })
        {
            var (code, _, stderr) = CliCapture.Run(args);
            Assert.True(code == 0, $"{string.Join(' ', args)}: {stderr}");
        }
        // The same images under BIDS names, the raw dataset and both derivative datasets described.
        string image = Directory.GetFiles(dir.File("nnunet/imagesTs")).Order(StringComparer.Ordinal).First();
        string subject = "sub-" + Bids.Label(NnUNetNames.WithoutChannel(NnUNetNames.Stem(image)));
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(dir.File($"bids/{subject}/anat/{subject}_FLAIR.nii.gz")));
        Assert.Equal("raw", JsonNode.Parse(File.ReadAllText(dir.File("bids/dataset_description.json")))!["DatasetType"]!.GetValue<string>());
        var derivative = JsonNode.Parse(File.ReadAllText(dir.File("bids/derivatives/nativeseg/dataset_description.json")))!;
        Assert.Equal("derivative", derivative["DatasetType"]!.GetValue<string>());
        Assert.Equal("NativeSeg", derivative["GeneratedBy"]![0]!["Name"]!.GetValue<string>());
        Assert.True(File.Exists(dir.File($"bids/derivatives/nativeseg/{subject}/anat/{subject}_label-lesion_probseg.nii.gz")));
        var sidecar = JsonNode.Parse(File.ReadAllText(dir.File($"bids/derivatives/nativeseg/{subject}/anat/{subject}_label-lesion_mask.json")))!;
        Assert.Equal($"bids:raw:{subject}/anat/{subject}_FLAIR.nii.gz", sidecar["source"]!.GetValue<string>());
        Assert.Contains("split", File.ReadLines(dir.File("bids/participants.tsv")).First());

        var nnunet = ResultsCsv.Read(dir.File("nnunet.csv")).ToDictionary(r => $"sub-{Bids.Label(r.Case)}", r => r["dice"]);
        var bids = ResultsCsv.Read(dir.File("bids.csv")).ToDictionary(r => r.Case, r => r["dice"]);
        Assert.NotEmpty(nnunet);
        foreach (var (name, dice) in nnunet) Assert.Equal(dice, bids[name]);
        Assert.True(bids.Count > nnunet.Count, "the BIDS route also scores the training subjects");
    }

    [Fact]
    public void PredictBidsRefusesAFolderThatIsNotADataset()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("notbids"));
        var (code, _, stderr) = CliCapture.Run("predict", "--model", PredictCommandTests.TinyModel(dir), "--bids", dir.File("notbids"));
        Assert.Equal(1, code);
        Assert.Contains("no dataset_description.json; not a BIDS dataset", stderr);
        (code, _, stderr) = CliCapture.Run("predict", "--model", PredictCommandTests.TinyModel(dir), "--bids", dir.File("notbids"), "--input", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("without --input and --output", stderr);
    }

    /// <summary>The npm bids-validator (the node release, pinned) accepts the raw dataset synth --bids writes.</summary>
    [Fact]
    public void TheBidsValidatorAcceptsTheRawDatasetSynthWrites()
    {
        var (validator, problem) = NpmPackages.Ensure("bids-validator", "1.15.0", "bids-validator");
        Assert.True(validator is not null, problem);
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("synth", "--out", dir.File("bids"), "--preset", "tiny", "--clusters", "3d-1mm", "--subjects", "1", "--test-subjects", "1", "--bids");
        Assert.True(code == 0, stderr);
        var start = new System.Diagnostics.ProcessStartInfo(validator!, dir.File("bids")) { RedirectStandardOutput = true };
        using var run = System.Diagnostics.Process.Start(start)!;
        string output = run.StandardOutput.ReadToEnd();
        Assert.True(run.WaitForExit(120_000), "bids-validator did not end");
        Assert.True(run.ExitCode == 0, output);
        Assert.DoesNotContain("[ERR]", output);
    }
}
