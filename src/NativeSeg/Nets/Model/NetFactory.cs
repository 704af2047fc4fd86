namespace NativeSeg.Nets.Model;

/// <summary>Builds the network a <see cref="ModelConfig"/> describes (fresh weights).</summary>
public static class NetFactory
{
    public static SegmentationNet Create(ModelConfig config) => config.Architecture switch
    {
        Architecture.RaUNet => new EquivariantUNet(config),
        Architecture.UNet => new UNet(config),
        _ => throw new ArgumentException($"architecture {config.Architecture}: unknown"),
    };

    public static long ParameterCount(this SegmentationNet net) => net.parameters().Sum(p => p.numel());
}
