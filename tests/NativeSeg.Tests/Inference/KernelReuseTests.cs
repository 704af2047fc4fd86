using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using NativeSeg.Inference;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Inference;

public class KernelReuseTests
{
    [Fact]
    public void A_folder_of_same_spacing_cases_realizes_each_kernel_once()
    {
        using var tmp = new TempFolder();
        string input = Directory.CreateDirectory(tmp.File("in")).FullName;
        var same = Affine.Diagonal(new Spacing(1, 1, 1.5));
        InferenceFiles.Write(Path.Combine(input, "a_0000.nii.gz"), new Shape3(10, 9, 7), seed: 1, affine: same);
        InferenceFiles.Write(Path.Combine(input, "b_0000.nii.gz"), new Shape3(12, 8, 6), seed: 2, affine: same);
        using var net = new EquivariantUNet(new ModelConfig { IrrepsMultiplicity = 1, Levels = 2, KernelMm = 3 }, new Generator(1));
        var runner = new PredictionRunner(Predictors.Create(net.Config, net, new PredictionOptions { Patch = 8 }));

        runner.Run(input, tmp.File("out"), probabilities: false);
        Assert.All(net.Convolutions, c => Assert.Equal(1, c.Realizations));

        InferenceFiles.Write(Path.Combine(input, "c_0000.nii.gz"), new Shape3(10, 9, 7), seed: 3, affine: Affine.Diagonal(new Spacing(0.8, 0.8, 2)));
        runner.Run(input, tmp.File("out"), probabilities: false);
        // a and b again from the cache; c's spacing once more.
        Assert.All(net.Convolutions, c => Assert.Equal(2, c.Realizations));
        Assert.Equal(3, Directory.GetFiles(tmp.File("out")).Length);
    }
}
