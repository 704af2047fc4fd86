using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.Diagnostics;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Inference;

public class InterruptTests
{
    [Fact]
    public void Sigterm_while_writing_leaves_no_partial_output()
    {
        using var tmp = new TempFolder();
        var config = new ModelConfig { Kind = ModelKind.UNet, Features = 1, Levels = 1, KernelVoxels = 1 };
        using (var net = NetFactory.Create(config)) ModelDirectory.Save(tmp.File("model"), net, config);
        // Large enough that writing the gzipped float32 probabilities takes a while; the net itself is trivial.
        var shape = new Shape3(192, 192, 128);
        NiftiWriter.Write(SampleVolume.GaussianBlobs(shape, Spacing.Isotropic(1)), tmp.File("big.nii.gz"));
        string output = Directory.CreateDirectory(tmp.File("out")).FullName;

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "nativeseg.dll"), "predict", "--model", tmp.File("model"),
                             "--input", tmp.File("big.nii.gz"), "--output", Path.Combine(output, "big.nii.gz"), "--probabilities", "--patch", "whole" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        bool sawTemporary = false;
        // Bounded generously: on a loaded machine predicting the 4.7M voxels alone can take a minute before writing starts.
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(240))
        {
            if (Directory.GetFiles(output, ".*.tmp").Length > 0)
            {
                sawTemporary = true;
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
                kill.WaitForExit();
                break;
            }
            Thread.Sleep(5);
        }
        Assert.True(process.WaitForExit(30_000), "predict did not end after SIGTERM");
        Assert.True(sawTemporary, $"the run ended before writing (exit {process.ExitCode}): {process.StandardError.ReadToEnd()}");
        Assert.NotEqual(0, process.ExitCode);
        // Either nothing, or only outputs that were complete before the signal (readable, full size).
        Assert.Empty(Directory.GetFiles(output, ".*"));
        foreach (var file in Directory.GetFiles(output)) Assert.Equal(shape, NiftiReader.Read(file).Shape);
        Assert.False(File.Exists(Path.Combine(output, "big.nii.gz")), "the mask is written last; it must not exist after an interrupted run");
    }
}
