namespace NativeSeg.Inference;

/// <summary>
/// Voxel uncertainty of a foreground probability, in nats, as the Shifts 2022 baselines measure it (Malinin et al.):
/// total uncertainty = the entropy of the mean probability, H(p̄) = −p̄ ln p̄ − (1 − p̄) ln(1 − p̄), in [0, ln 2];
/// knowledge uncertainty = the mutual information between the prediction and the member,
/// MI = H(p̄) − (1/M) Σ_m H(p_m) ≥ 0, zero when every member agrees.
/// </summary>
public static class Uncertainty
{
    /// <summary>Binary entropy in nats; 0 at p = 0 or 1 (the limit), ln 2 at p = 0.5.</summary>
    public static double Entropy(double p) =>
        p <= 0 || p >= 1 ? 0 : -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);

    public static float[] EntropyMap(float[] probabilities)
    {
        var h = new float[probabilities.Length];
        for (long n = 0; n < probabilities.LongLength; n++) h[n] = (float)Entropy(probabilities[n]);
        return h;
    }

    /// <summary>MI per voxel from the mean probability and the members' mean entropy (clamped at 0 against rounding).</summary>
    public static float[] MutualInformationMap(float[] meanProbabilities, float[] meanMemberEntropy)
    {
        var mi = new float[meanProbabilities.Length];
        for (long n = 0; n < mi.LongLength; n++) mi[n] = (float)Math.Max(0, Entropy(meanProbabilities[n]) - meanMemberEntropy[n]);
        return mi;
    }
}
