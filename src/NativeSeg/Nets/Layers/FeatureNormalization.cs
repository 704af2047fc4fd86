using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// The RA-U-Net's equivariant normalization layers: per volume (instance) or per batch. The plain U-Net always uses
/// instance normalization (nnU-Net's choice for batch size 2 and below) and ignores this field.
/// </summary>
public enum FeatureNormalization
{
    [JsonStringEnumMemberName("instance")] Instance,
    [JsonStringEnumMemberName("batch")] Batch,
}
