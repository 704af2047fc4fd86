using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// A prediction on the input's own grid: foreground probabilities (a sibling of the input volume, so it
/// carries the input's header and writes with its exact geometry) and the thresholded uint8 mask.
/// </summary>
public sealed class Prediction
{
    public Prediction(Volume probabilities, double threshold)
    {
        Probabilities = probabilities;
        Threshold = threshold;
        var p = probabilities.Voxels;
        Mask = new byte[p.Length];
        for (long n = 0; n < p.LongLength; n++) Mask[n] = p[n] > threshold ? (byte)1 : (byte)0;
    }

    public Volume Probabilities { get; }

    public double Threshold { get; }

    /// <summary>1 where the probability exceeds <see cref="Threshold"/>, else 0; NIfTI order.</summary>
    public byte[] Mask { get; }

    /// <summary>How many models' probabilities were averaged (1 for a single model).</summary>
    public int Members { get; init; } = 1;

    /// <summary>The members' mean voxel entropy (null for a single model), for the mutual information.</summary>
    public float[]? MeanMemberEntropy { get; init; }

    /// <summary>Total uncertainty: the entropy of the (mean) probability, in nats (<see cref="Uncertainty"/>).</summary>
    public Volume EntropyVolume() => Probabilities.WithVoxels(Uncertainty.EntropyMap(Probabilities.Voxels));

    /// <summary>The members' disagreement (mutual information, nats); null for a single model.</summary>
    public Volume? MutualInformationVolume() =>
        MeanMemberEntropy is { } h && Members > 1 ? Probabilities.WithVoxels(Uncertainty.MutualInformationMap(Probabilities.Voxels, h)) : null;

    /// <summary>The mask as a volume on the input grid (0/1 floats).</summary>
    public Volume MaskVolume()
    {
        var values = new float[Mask.Length];
        for (long n = 0; n < Mask.LongLength; n++) values[n] = Mask[n];
        return Probabilities.WithVoxels(values);
    }
}
