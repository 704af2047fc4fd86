using NativeSeg.Imaging;
using NativeSeg.Inference;
using NativeSeg.Nets;

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
        Assert.Equal(3, Directory.GetFiles(tmp.Path).Length);
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
        Assert.Contains("predicted 2 case(s) with unet-1mm (whole volume)", stdout);
        Assert.Equal(new[] { "a.nii.gz", "b.nii.gz" }, Directory.GetFiles(tmp.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var mask = NiftiReader.Read(tmp.File("out/a.nii.gz"));
        Assert.Equal(a.Shape, mask.Shape);
        Assert.Equal(0, mask.Affine.MaxAbsDifference(a.Affine));
    }

    [Fact]
    public void Bad_inputs_give_one_line_and_exit_code_1()
    {
        using var tmp = new TempFolder();
        string model = TinyModel(tmp);
        string good = tmp.File("good.nii.gz");
        var volume = InferenceFiles.Write(good, new Shape3(6, 6, 6));
        string nan = tmp.File("nan.nii.gz");
        volume.Voxels[3] = float.NaN;
        NiftiWriter.Write(volume, nan);
        var b = new Nifti1Bytes { Dim = new short[] { 4, 2, 1, 1, 3, 1, 1, 1 } };
        b.Data = b.Float32Data(0, 1, 10, 11, 20, 21);
        string fourD = b.Save(tmp.File("four.nii"));
        string corrupt = Directory.CreateDirectory(tmp.File("corrupt")).FullName;
        File.WriteAllText(Path.Combine(corrupt, ModelDirectory.ConfigFile), "{ not json");
        string noWeights = Directory.CreateDirectory(tmp.File("noweights")).FullName;
        File.Copy(Path.Combine(model, ModelDirectory.ConfigFile), Path.Combine(noWeights, ModelDirectory.ConfigFile));
        File.WriteAllText(tmp.File("blocker"), "x");

        (string[] Args, string Expected)[] cases =
        {
            (["--model", tmp.File("nomodel"), "--input", good, "--output", tmp.File("o.nii.gz")], "model folder not found"),
            (["--model", corrupt, "--input", good, "--output", tmp.File("o.nii.gz")], "invalid JSON"),
            (["--model", noWeights, "--input", good, "--output", tmp.File("o.nii.gz")], "weights file missing"),
            (["--model", model, "--input", fourD, "--output", tmp.File("o.nii.gz")], "use a 3D volume"),
            (["--model", model, "--input", nan, "--output", tmp.File("o.nii.gz")], "NaN"),
            (["--model", model, "--input", tmp.File("missing.nii.gz"), "--output", tmp.File("o.nii.gz")], "no such file or folder"),
            (["--model", model, "--input", good, "--output", tmp.File("blocker/o.nii.gz")], "output folder is not writable"),
            (["--model", model, "--input", good, "--output", tmp.File("o.nii.gz"), "--patch", "-3"], "expected a positive number of voxels or 'whole'"),
            (["--model", model, "--input", good, "--output", tmp.File("o.nii.gz"), "--device", "tpu"], "expected cpu or cuda"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, stderr) = CliCapture.Run(["predict", .. args]);
            Assert.Equal(1, code);
            Assert.Contains(expected, stderr);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("error: ", stderr);
        }
        Assert.False(File.Exists(tmp.File("o.nii.gz")));
        Assert.DoesNotContain(Directory.GetFiles(tmp.Path), f => Path.GetFileName(f).StartsWith('.'));
    }
}
