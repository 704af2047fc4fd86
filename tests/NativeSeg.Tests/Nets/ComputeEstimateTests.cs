using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Cost;
using NativeSeg.Nets.Model;
using NativeSeg.Experiments;

namespace NativeSeg.Tests.Nets;

/// <summary>The FLOP counts behind Slurm's time limits against the convolutions a forward pass actually runs.</summary>
public class ComputeEstimateTests
{
    /// <summary>Counted from the net's own weights: each conv3d's kernel at its level's voxels (a 2³ upsampler at its input's).</summary>
    [Fact]
    public void UNetFlopsAreTheNetsConvolutionWeightsAtTheirLevels()
    {
        var config = new ModelConfig { Kind = ModelKind.UNet, Features = 3, Levels = 3, KernelVoxels = 3 };
        using var net = NetFactory.Create(config);
        var window = new Shape3(16, 8, 12);
        double Voxels(int level) => window.Count / Math.Pow(8, level);
        double counted = 0;
        foreach (var (name, weight) in net.named_parameters())
        {
            var part = name.Split('.');
            if (part[^1] != "weight" || weight.dim() != 5 || part[0] == "head") continue;
            int index = int.Parse(part[1]);
            counted += 2.0 * weight.numel() * part[0] switch
            {
                "encoder" => Voxels(index),
                "decoder" => Voxels(config.Levels - 2 - index),
                "upsamplers" => Voxels(config.Levels - 1 - index),
                _ => throw new InvalidOperationException(name),
            };
        }
        Assert.Equal(counted, ComputeEstimate.ForwardFlops(config, [(window, Spacing.Isotropic(1))])[0], 6);
    }

    [Fact]
    public void RaFlopsCountEveryRealizedKernelAtItsLevel()
    {
        var config = new ModelConfig { Kind = ModelKind.RaUNet, IrrepsMultiplicity = 1, Levels = 2 };
        using var net = (EquivariantUNet)NetFactory.Create(config);
        var spacing = new Spacing(0.5, 0.5, 2);
        var plan = net.Plan(spacing);
        var window = new Shape3(16, 16, 4);   // a multiple of the level-0 pooling (4 x 4 x 1): no padding
        double expected = 0;
        foreach (var (conv, level) in net.ConvolutionLevels)
        {
            using var kernel = conv.Realize(plan[level].GridMm);
            double voxels = level == 0 ? window.Count : window.Count / (double)plan[0].PoolVoxels!.Value.Count;
            expected += 2.0 * kernel.numel() * voxels;
        }
        Assert.Equal(expected, ComputeEstimate.ForwardFlops(net, window, spacing), 6);
        Assert.Equal([0, 0, 1, 1, 0, 0], net.ConvolutionLevels.Select(c => c.Level));   // encoder 0, 1, then decoder 0
    }

    [Fact]
    public void SlurmTimeDoublesTheEstimateAndAddsTenMinutes()
    {
        Assert.Equal("0-00:10:00", SlurmScripts.Time(0));
        Assert.Equal("0-02:10:00", SlurmScripts.Time(3600));
        Assert.Equal("1-00:10:00", SlurmScripts.Time(43200));
        Assert.Equal("0-00:11:00", SlurmScripts.Time(1));   // whole minutes, rounded up
    }

}
