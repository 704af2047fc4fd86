using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class PredictCommandTests
{
    internal static string TinyModel(TempFolder tmp, ModelKind kind = ModelKind.UNet)
    {
        string dir = tmp.File("model-" + kind.Name());
        var config = new ModelConfig { Kind = kind, Features = 2, Levels = 2, KernelVoxels = 3 };
        using var net = NetFactory.Create(config);
        ModelDirectory.Save(dir, net, config);
        return dir;
    }

    [Fact]
    public void Predicts_a_file_with_the_library_result_and_the_inputs_geometry()
    {
        using var tmp = new TempFolder();
        string model = TinyModel(tmp);
        var input = InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(12, 10, 8));
        var (code, stdout, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"),
            "--output", tmp.File("seg.nii.gz"), "--probabilities", "--patch", "8");
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Contains("scan: wrote", stdout);
        Assert.Contains("predicted 1 case(s) with unet (sliding window 8^3)", stdout);

        // The same numbers as the library entry point, on the input's grid.
        var expected = Predictors.Load(model, new PredictionOptions { Patch = 8 }).Predict(input);
        var probabilities = NiftiReader.Read(tmp.File("seg_prob.nii.gz"));
        var mask = NiftiReader.Read(tmp.File("seg.nii.gz"));
        Assert.Equal(expected.Probabilities.Voxels, probabilities.Voxels);
        Assert.Equal(expected.Mask.Select(m => (float)m), mask.Voxels);
        Assert.Equal(0, mask.Affine.MaxAbsDifference(input.Affine));
        Assert.Equal(NiftiDataType.UInt8, ((NiftiHeader)mask.Header!).DataType);
        Assert.Equal(["scan.nii.gz", "seg.json", "seg.nii.gz", "seg_prob.nii.gz"],
            Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));   // the outputs and the record of the model that made them
    }

    [Fact]
    public void An_oblique_input_is_predicted_in_world_geometry_and_the_log_says_so()
    {
        using var tmp = new TempFolder();
        string model = TinyModel(tmp, ModelKind.RaUNet);
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(12, 10, 8));   // InferenceFiles.Oblique: ~10 degrees off the axes
        var (code, stdout, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg.nii.gz"), "--patch", "whole");
        Assert.True(code == 0, stderr);
        Assert.Contains($"scan: kernels realized in world space (oblique by {Orientation.ObliqueDegrees(InferenceFiles.Oblique):0.#} degrees, mirrored storage)", stdout);
        (code, stdout, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg2.nii.gz"), "--patch", "whole", "--geometry", "voxel");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("world space", stdout);
        Assert.Contains("voxel geometry", stdout);
    }

    [Fact]
    public void Geometry_names_a_bad_value_or_a_unet_in_one_line()
    {
        using var tmp = new TempFolder();
        string model = TinyModel(tmp);
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(12, 10, 8));
        var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg.nii.gz"), "--geometry", "scanner");
        Assert.Equal((1, "error: --geometry 'scanner': expected voxel or world"), (code, stderr.Trim()));
        (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg.nii.gz"), "--geometry", "world");
        Assert.Equal((1, "error: --geometry world: only a resolution-adaptive model (ra-unet) realizes kernels in mm; unet kernels are fixed in voxels"), (code, stderr.Trim()));
        Assert.False(File.Exists(tmp.File("seg.nii.gz")));
    }

    [Fact]
    public void Predicts_a_folder_whole_volume_with_a_unet_1mm_model()
    {
        using var tmp = new TempFolder();
        string model = TinyModel(tmp, ModelKind.UNet1mm);
        Directory.CreateDirectory(tmp.File("in"));
        var a = InferenceFiles.Write(tmp.File("in/a_0000.nii.gz"), new Shape3(16, 14, 4), affine: Affine.Diagonal(new Spacing(0.5, 0.5, 3)));
        InferenceFiles.Write(tmp.File("in/b_0000.nii.gz"), new Shape3(10, 10, 10), seed: 5);
        var (code, stdout, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("in"), "--output", tmp.File("out"), "--patch", "whole");
        Assert.True(code == 0, stderr);
        Assert.Contains("predicted 2 case(s) with unet-1mm (whole volume, in tiles above 4 GiB)", stdout);
        Assert.Equal(new[] { "a.json", "a.nii.gz", "b.json", "b.nii.gz" }, Directory.GetFiles(tmp.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var mask = NiftiReader.Read(tmp.File("out/a.nii.gz"));
        Assert.Equal(a.Shape, mask.Shape);
        Assert.Equal(0, mask.Affine.MaxAbsDifference(a.Affine));
    }
}
