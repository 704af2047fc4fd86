using System.Text.Json.Serialization;

namespace NativeSeg.Imaging.Preprocessing;

/// <summary>How image intensities are normalized before the network (<see cref="IntensityNormalization"/>).</summary>
public enum IntensityScheme
{
    /// <summary>Per-volume z-score over the nonzero voxels (nnU-Net's MRI scheme).</summary>
    [JsonStringEnumMemberName("zscore-nonzero")] ZScoreNonzero,
}
