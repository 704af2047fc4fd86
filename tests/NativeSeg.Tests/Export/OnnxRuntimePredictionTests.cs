using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Tests.Export;

[Collection("Console")]
public class OnnxRuntimePredictionTests
{
    [Fact]
    public void PredictWithOnnxRuntime_WritesTheMasksTorchWrites()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("synth", "--out", dir.File("data"), "--preset", "tiny", "--seed", "4", "--clusters", "2d", "--subjects", "1", "--test-subjects", "2");
        Assert.True(code == 0, stderr);
        string models = Path.Combine(FixturePaths.RepoRoot, "models", "demo");
        foreach (var kind in new[] { "ra-unet", "unet", "unet-1mm" })
        {
            foreach (var runtime in new[] { "torch", "onnx" })
            {
                (code, _, stderr) = CliCapture.Run("predict", "--model", Path.Combine(models, kind), "--input", dir.File("data/imagesTs"), "--output", dir.File($"{kind}-{runtime}"),
                                                   "--runtime", runtime, "--patch", "whole", "--probabilities");
                Assert.True(code == 0, stderr);
            }
            var masks = Directory.GetFiles(dir.File($"{kind}-torch"), "*.nii.gz").Where(f => !f.EndsWith("_prob.nii.gz", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(masks);
            foreach (var torchMask in masks)
            {
                string onnxMask = Path.Combine(dir.File($"{kind}-onnx"), Path.GetFileName(torchMask));
                Assert.Equal(NiftiReader.Read(torchMask).Voxels, NiftiReader.Read(onnxMask).Voxels);
                var p = NiftiReader.Read(torchMask.Replace(".nii.gz", "_prob.nii.gz")).Voxels;
                var q = NiftiReader.Read(onnxMask.Replace(".nii.gz", "_prob.nii.gz")).Voxels;
                Assert.InRange(p.Zip(q, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-4);
            }
        }
    }

    [Fact]
    public void CudaWithoutAGpu_IsRefusedInOneLine()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliCapture.Run("synth", "--out", dir.File("data"), "--preset", "tiny", "--seed", "4", "--clusters", "2d", "--subjects", "1", "--test-subjects", "1");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliCapture.Run("predict", "--model", Path.Combine(FixturePaths.RepoRoot, "models", "demo", "unet"), "--input", dir.File("data/imagesTs"),
                                           "--output", dir.File("out"), "--runtime", "onnx", "--device", "cuda");
        Assert.NotEqual(0, code);
        Assert.Contains("CUDA provider", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFiles(dir.File("out"), "*.nii.gz").Any());
    }
}
