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

    /// <summary>The mask as a volume on the input grid (0/1 floats).</summary>
    public Volume MaskVolume()
    {
        var values = new float[Mask.Length];
        for (long n = 0; n < Mask.LongLength; n++) values[n] = Mask[n];
        return Probabilities.WithVoxels(values);
    }
}
