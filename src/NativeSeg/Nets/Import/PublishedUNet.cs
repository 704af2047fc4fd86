using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using NativeSeg.Nets.Model;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Import;

/// <summary>
/// The paper's published model (SCAN-NRAD e3nn_Unet, equivariant_unet_physical_units.UNet on e3nn 0.5.1) in NativeSeg
/// terms: its constructor arguments as a <see cref="ModelConfig"/> and its state-dict names as NativeSeg's, so a
/// user's trained .pt (or the whole-network fixture) loads into an <see cref="EquivariantUNet"/>. The published code
/// sizes pooling from the input spacing, hence <see cref="LevelSpacingRule.Published"/>, builds its lattice buffers in
/// float32, hence <see cref="KernelBufferPrecision.PublishedFloat32"/>; its default is cutoff=False.
/// </summary>
public static partial class PublishedUNet
{
    /// <summary>UNet(input "Kx0e", output "Cx0e", diameter, num_radial_basis, n, n_downsample, scale, cutoff, batch_norm="instance").</summary>
    public static ModelConfig Config(int n, int downsamplings, double diameter = 5, int radialBasis = 5, double scale = 2, bool cutoff = false,
                                     int inputChannels = 1, int classes = 1) => new()
    {
        Kind = ModelKind.RaUNet,
        InputChannels = inputChannels,
        Classes = classes,
        IrrepsMultiplicity = n,
        Levels = downsamplings + 1,
        KernelMm = diameter,
        RadialBasis = radialBasis,
        PoolMm = scale,
        RadialCutoff = cutoff,
        LevelSpacing = LevelSpacingRule.Published,
        KernelBuffers = KernelBufferPrecision.PublishedFloat32,
        Normalization = FeatureNormalization.Instance,
    };

    /// <summary>The NativeSeg parameter name of a published state-dict name (down_blocks → encoder, up_blocks → decoder, batchnormN → normN, out → head).</summary>
    public static string NativeName(string published)
    {
        var name = DownBlock().Replace(published, "encoder.$1.");
        name = UpBlock().Replace(name, "decoder.$1.");
        name = BatchNorm().Replace(name, ".norm$1.");
        return name.StartsWith("out.", StringComparison.Ordinal) ? "head." + name[4..] : name;
    }

    /// <summary>
    /// Copies every parameter of a published state dict into a new net of <paramref name="config"/>. Every NativeSeg
    /// parameter must be found with its shape; published entries without a NativeSeg counterpart (lattice buffers)
    /// are ignored and returned.
    /// </summary>
    public static (EquivariantUNet Net, IReadOnlyList<string> Ignored) Build(IReadOnlyDictionary<string, Tensor> stateDict, ModelConfig config, ScalarType dtype = ScalarType.Float32)
    {
        var net = new EquivariantUNet(config);
        if (dtype != ScalarType.Float32) net.to(dtype);
        var byNative = stateDict.ToDictionary(kv => NativeName(kv.Key), kv => kv);
        var problems = new List<string>();
        using (no_grad())
            foreach (var (name, parameter) in net.named_parameters())
            {
                if (!byNative.TryGetValue(name, out var source)) { problems.Add($"{name} missing"); continue; }
                if (!source.Value.shape.SequenceEqual(parameter.shape))
                {
                    problems.Add($"{source.Key} has shape [{string.Join(", ", source.Value.shape)}], the {config.IrrepsMultiplicity}-multiplicity {config.Levels}-level net needs " +
                        $"[{string.Join(", ", parameter.shape)}]");
                    continue;
                }
                parameter.copy_(source.Value.to(parameter.dtype));
            }
        if (problems.Count > 0)
        {
            net.Dispose();
            throw new InvalidDataException($"the state dict does not fit the published UNet(n={config.IrrepsMultiplicity}, n_downsample={config.Levels - 1}): " +
                $"{string.Join("; ", problems.Take(4))}{(problems.Count > 4 ? $"; and {problems.Count - 4} more" : "")}");
        }
        var used = net.named_parameters().Select(p => p.name).ToHashSet();
        return (net, byNative.Where(kv => !used.Contains(kv.Key)).Select(kv => kv.Value.Key).ToList());
    }

    [GeneratedRegex(@"^down\.down_blocks\.(\d+)\.")]
    private static partial Regex DownBlock();

    [GeneratedRegex(@"^up\.up_blocks\.(\d+)\.")]
    private static partial Regex UpBlock();

    [GeneratedRegex(@"\.batchnorm(\d+)\.")]
    private static partial Regex BatchNorm();
}
