namespace NativeSeg.Nets.Export;

/// <summary>A value of the graph being written, with its shape [B, C, X, Y, Z]; spatial dims are -1 when the graph takes any size.</summary>
public sealed record OnnxValue(string Name, long[] Shape)
{
    public long Channels => Shape[1];
    public long[] Spatial => Shape[2..];
    public bool Dynamic => Shape[2..].Any(d => d < 0);
}
