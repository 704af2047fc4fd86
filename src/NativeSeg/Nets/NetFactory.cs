namespace NativeSeg.Nets;

/// <summary>Builds the network a <see cref="ModelConfig"/> describes (fresh weights).</summary>
public static class NetFactory
{
    public static SegmentationNet Create(ModelConfig config) => config.Kind switch
    {
        ModelKind.RaUNet => new EquivariantUNet(config),
        ModelKind.UNet or ModelKind.UNet1mm => new UNet(config),
        _ => throw new ArgumentException($"model kind {config.Kind}: unknown"),
    };

    public static long ParameterCount(this SegmentationNet net) => net.parameters().Sum(p => p.numel());
}
