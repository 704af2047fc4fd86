namespace NativeSeg.Nets.Export;

/// <summary>A value of the graph being written, with its static shape [B, C, X, Y, Z] (or whatever it is).</summary>
public sealed record OnnxValue(string Name, long[] Shape)
{
    public long Channels => Shape[1];
    public long[] Spatial => Shape[2..];
    public long Voxels => Shape[2..].Aggregate(1L, (a, b) => a * b);
}
