using System.Text.Json.Nodes;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Training;

namespace NativeSeg.Tests.Training;

[Collection("Console")]
public class CrossValidationTests
{
    private static readonly IReadOnlyList<(string Case, string Group)> Cases =
        [.. Enumerable.Range(0, 7).Select(i => ($"a{i}", "3d-1mm")), .. Enumerable.Range(0, 5).Select(i => ($"b{i}", "2d")), ("c0", "3d-0.5mm")];

    [Fact]
    public void FoldsAreDeterministicStratifiedAndCoverEveryCaseOnce()
    {
        var splits = CrossValidation.Make(Cases, 5, seed: 7);
        Assert.Equal(splits, CrossValidation.Make(Cases, 5, seed: 7));
        Assert.NotEqual(splits, CrossValidation.Make(Cases, 5, seed: 8));
        var all = splits.SelectMany(v => v).ToList();
        Assert.Equal(Cases.Count, all.Count);
        Assert.Equal(Cases.Select(c => c.Case).Order(), all.Order());
        Assert.InRange(splits.Max(v => v.Count) - splits.Min(v => v.Count), 0, 1);
        // Every fold holds a 3d-1mm case (7 of them over 5 folds) and one of the five 2d cases.
        Assert.All(splits, v => Assert.Contains(v, c => c.StartsWith('a')));
        Assert.All(splits, v => Assert.Single(v, c => c.StartsWith('b')));
    }

    [Fact]
    public void TheSplitsFileIsMadeOnceAndRefusedWhenItDoesNotFit()
    {
        using var dir = new TempFolder();
        string path = dir.File("splits.json");
        var made = CrossValidation.OpenOrCreate(path, Cases, 3, seed: 1);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        Assert.Equal(3, json.Count);
        Assert.Equal(Cases.Count, json[0]!["train"]!.AsArray().Count + json[0]!["val"]!.AsArray().Count);
        Assert.Equal(made, CrossValidation.OpenOrCreate(path, Cases, 3, seed: 99));   // reused, whatever the seed now
        Assert.Contains("holds 3 folds, not 4", Assert.Throws<UserInputException>(() => CrossValidation.OpenOrCreate(path, Cases, 4, 1)).Message);
        Assert.Contains("other cases", Assert.Throws<InvalidDataException>(() => CrossValidation.OpenOrCreate(path, Cases.Skip(1).ToList(), 3, 1)).Message);
    }

    [Fact]
    public void TrainFoldsValidateOnTheirFoldAndShareOneSplitsFile()
    {
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 4, new Shape3(10, 10, 8), new Spacing(1, 1, 1.5), group: "3d-1mm");
        foreach (int fold in new[] { 0, 1 })
        {
            var (code, _, stderr) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File($"m/fold{fold}"),
                "--patch", "8", "--epochs", "1", "--steps-per-epoch", "1", "--features", "4", "--levels", "2", "--folds", "2", "--fold", fold.ToString());
            Assert.True(code == 0, stderr);
        }
        var splits = JsonNode.Parse(File.ReadAllText(dir.File("m/splits-2folds.json")))!.AsArray();
        foreach (int fold in new[] { 0, 1 })
        {
            var record = JsonNode.Parse(File.ReadAllText(dir.File($"m/fold{fold}/training.json")))!;
            Assert.Equal(splits[fold]!["val"]!.AsArray().Select(n => n!.GetValue<string>()), record["validation_cases"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(2, record["fold"]!["folds"]!.GetValue<int>());
        }
        var (bad, _, error) = CliCapture.Run("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("m/fold2"), "--folds", "2", "--fold", "2");
        Assert.Equal(1, bad);
        Assert.Contains("--fold 2: expected 0 to 1 for 2 folds", error);
    }
}
