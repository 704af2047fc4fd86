using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Nets.Model;
using System.Text.Json.Nodes;
using NativeSeg.Equivariant;

namespace NativeSeg.Tests.Nets;

/// <summary>
/// The training/inference contract (architecture + preprocessing in model.json): model folders written before it
/// existed (testdata/contract, format version 1, with the masks and probabilities that build predicted) still load
/// and predict the same masks, with probabilities equal to float32 rounding; version 2 stores each field once and round-trips.
/// </summary>
[Collection("Console")]
public class ModelContractTests
{
    private static string Folder => Path.Combine(FixturePaths.RepoRoot, "testdata", "contract");

    /// <summary>
    /// The U-Net's arithmetic is the one that wrote the files. The RA-U-Net's is not since version 0.2 (its self-connection
    /// is summed inside the convolution, its norms scale and shift in one pass), so it is held to the same mask and float32
    /// rounding below.
    /// </summary>
    [Theory]
    [InlineData("unet-1mm")]
    public void AVersion1ModelFolderPredictsTheSameBytesAsTheBuildThatWroteIt(string model)
    {
        Assert.Contains("\"version\": 1", File.ReadAllText(Path.Combine(Folder, model, "model.json")));
        using var dir = new TempFolder();
        // Those bytes came from conv3d's own channels-first arithmetic, which the padded path reproduces bit for bit.
        using (Convolution3d.Force(Conv3dPath.Padded)) Predict(model, dir.File("mask.nii.gz"));
        Assert.Equal(WithoutDescription(Path.Combine(Folder, model + ".nii.gz")), WithoutDescription(dir.File("mask.nii.gz")));
        Assert.Equal(WithoutDescription(Path.Combine(Folder, model + "_prob.nii.gz")), WithoutDescription(dir.File("mask_prob.nii.gz")));
    }

    /// <summary>
    /// The file's bytes (gunzipped) with the header's description zeroed: since version 0.2 it names the model that
    /// made the prediction (Inference/PredictionRecord), everything else is as the build that wrote the files wrote it.
    /// </summary>
    private static byte[] WithoutDescription(string path)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        var bytes = memory.ToArray();
        int offset = BitConverter.ToInt32(bytes, 0) == 540 ? 240 : 148;
        Array.Clear(bytes, offset, 80);
        return bytes;
    }

    [Theory]
    [InlineData("ra-unet")]
    [InlineData("unet-1mm")]
    public void AlongThisMachinesConvolutionPathTheMaskIsTheSameAndProbabilitiesAgreeToFloat32Rounding(string model)
    {
        using var dir = new TempFolder();
        Predict(model, dir.File("mask.nii.gz"));
        Assert.Equal(WithoutDescription(Path.Combine(Folder, model + ".nii.gz")), WithoutDescription(dir.File("mask.nii.gz")));
        var expected = NiftiReader.Read(Path.Combine(Folder, model + "_prob.nii.gz")).Voxels;
        var actual = NiftiReader.Read(dir.File("mask_prob.nii.gz")).Voxels;
        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max(), 0, 1e-5);
    }

    private static void Predict(string model, string output)
    {
        var (code, _, stderr) = CliCapture.Run("predict", "--model", Path.Combine(Folder, model), "--input", Path.Combine(Folder, "input.nii.gz"),
            "--output", output, "--probabilities", "--window-mm", "16");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Version1KindsReadAsArchitectureAndGrid()
    {
        var (config, _) = ModelDirectory.ReadConfig(Path.Combine(Folder, "unet-1mm"));
        Assert.Equal((Architecture.UNet, ModelKind.UNet1mm, "1x1x1 mm"), (config.Architecture, config.Kind, config.Preprocessing.Grid.ToString()));
        Assert.Equal(Preprocessing.Isotropic1mm, config.Preprocessing);
        Assert.True(ModelDirectory.ReadConfig(Path.Combine(Folder, "ra-unet")).Config.Preprocessing.Grid.IsNative);
    }

    [Theory]
    [InlineData(ModelKind.UNet1mm, "unet", "[1,1,1]")]
    [InlineData(ModelKind.RaUNet1mm, "ra-unet", "[1,1,1]")]
    [InlineData(ModelKind.RaUNet, "ra-unet", "\"native\"")]
    public void Version2StoresArchitectureAndPreprocessingOnce(ModelKind kind, string architecture, string grid)
    {
        using var dir = new TempFolder();
        var config = new ModelConfig { Kind = kind, IrrepsMultiplicity = 1, Features = 2, Levels = 2, KernelVoxels = 3 };
        using (var net = NetFactory.Create(config)) ModelDirectory.Save(dir.Path, net, config);
        var json = JsonNode.Parse(File.ReadAllText(dir.File("model.json")))!.AsObject();
        Assert.Equal(2, json["version"]!.GetValue<int>());
        Assert.Null(json["kind"]);
        var c = json["config"]!.AsObject();
        Assert.Null(c["kind"]);
        Assert.Equal(architecture, c["architecture"]!.GetValue<string>());
        Assert.Equal(grid, c["preprocessing"]!["grid"]!.ToJsonString());
        Assert.Equal("cubic-bspline nearest linear", string.Join(" ", new[] { "image", "mask", "probabilities" }.Select(k => c["preprocessing"]![k]!.GetValue<string>())));
        var loaded = ModelDirectory.ReadConfig(dir.Path).Config;
        Assert.Equal((kind, config.Preprocessing), (loaded.Kind, loaded.Preprocessing));
        Assert.Empty(ModelConfigJson.ArchitectureDifferences(config, loaded));
    }

    [Fact]
    public void AnotherGridIsAnArchitectureDifferenceAndBadPreprocessingIsRefusedInOneLine()
    {
        var native = new ModelConfig { Kind = ModelKind.RaUNet };
        Assert.Contains(ModelConfigJson.ArchitectureDifferences(native, native with { Kind = ModelKind.RaUNet1mm }), d => d.StartsWith("preprocessing"));
        var json = ModelConfigJson.ToJson(native);
        json["preprocessing"]!["grid"] = new JsonArray(1, 0, 1);
        Assert.Contains("preprocessing.grid", Assert.Throws<UserInputException>(() => ModelConfigJson.FromJson(json)).Message);
        json = ModelConfigJson.ToJson(native);
        json["preprocessing"]!["mask"] = "sinc";
        Assert.Contains("sinc", Assert.Throws<UserInputException>(() => ModelConfigJson.FromJson(json)).Message);
    }

    [Fact]
    public void AGridWithoutAModelNameStillHasADisplayName()
    {
        var config = new ModelConfig { Architecture = Architecture.UNet, Preprocessing = Preprocessing.Isotropic1mm with { Grid = InputGrid.Resampled(new Spacing(0.8, 0.8, 0.8)) } };
        Assert.Equal("unet@0.8x0.8x0.8 mm", config.Name);
        Assert.Throws<InvalidOperationException>(() => config.Kind);
        Assert.Equal("unet-1mm", (config with { Preprocessing = Preprocessing.Isotropic1mm }).Name);
        // Its resampled training data gets its own cache folder; the 1 mm grid keeps the folder name older runs used.
        Assert.Equal("resampled-0.8mm", NativeSeg.Training.ResampledCache.Folder(config.Preprocessing.Grid));
        Assert.Equal("resampled-0.5x0.5x1mm", NativeSeg.Training.ResampledCache.Folder(InputGrid.Resampled(new Spacing(0.5, 0.5, 1))));
        Assert.Equal("resampled-1mm", NativeSeg.Training.ResampledCache.Folder(Preprocessing.Isotropic1mm.Grid));
        Assert.Throws<UserInputException>(() => NativeSeg.Training.ResampledCache.Folder(InputGrid.Native));
    }
}
