using NativeSeg.Nets.Model;
using System.Text.RegularExpressions;
using NativeSeg.Nets.Import;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Nets;

/// <summary>A published-layout state dict tells its n, levels, radial basis count, input channels and classes.</summary>
public class PublishedShapeTests
{
    [Theory]
    [InlineData(1, 3, 5, 1, 1)]
    [InlineData(2, 2, 4, 2, 3)]
    public void TheShapeIsReadOffTheTensors(int n, int levels, int radialBasis, int inputChannels, int classes)
    {
        using var scope = NewDisposeScope();
        var config = PublishedUNet.Config(n, levels - 1, radialBasis: radialBasis, inputChannels: inputChannels, classes: classes);
        using var net = new EquivariantUNet(config);
        var stateDict = net.named_parameters().ToDictionary(p => PublishedName(p.name), p => (Tensor)p.parameter.detach());

        Assert.Equal(new PublishedShape(n, levels, radialBasis, inputChannels, classes), PublishedShape.Of(stateDict));
        var (copy, ignored) = PublishedUNet.Build(stateDict, config);
        copy.Dispose();
        Assert.Empty(ignored);
    }

    [Fact]
    public void AStateDictOfSomethingElseIsRefusedInOneLine()
    {
        using var scope = NewDisposeScope();
        var other = new Dictionary<string, Tensor> { ["conv.weight"] = zeros(3, 3) };
        var e = Assert.Throws<InvalidDataException>(() => PublishedShape.Of(other));
        Assert.Contains("no encoder blocks", e.Message);
        other["down.down_blocks.0.batchnorm1.bias"] = zeros(8);
        e = Assert.Throws<InvalidDataException>(() => PublishedShape.Of(other));
        Assert.Contains("has 8 values; the published UNet has 7n", e.Message);
    }

    /// <summary>The inverse of <see cref="PublishedUNet.NativeName"/> on the names a NativeSeg RA-U-Net has.</summary>
    private static string PublishedName(string native)
    {
        var name = Regex.Replace(native, @"^encoder\.(\d+)\.", "down.down_blocks.$1.");
        name = Regex.Replace(name, @"^decoder\.(\d+)\.", "up.up_blocks.$1.");
        name = Regex.Replace(name, @"\.norm(\d+)\.", ".batchnorm$1.");
        name = name.StartsWith("head.", StringComparison.Ordinal) ? "out." + name[5..] : name;
        Assert.Equal(native, PublishedUNet.NativeName(name));
        return name;
    }
}
