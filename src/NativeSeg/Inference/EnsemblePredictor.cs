using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// Several models as one: each member predicts through its own preprocessing contract (native, or through 1 mm and
/// back), so every member's probabilities lie on the input's own grid, where they are averaged. Members run one
/// after another, each under its own options (and so the same memory budget); the mask is the mean above the
/// threshold. The members' mean entropy is kept for the mutual information (<see cref="Uncertainty"/>).
/// </summary>
public sealed class EnsemblePredictor : IVolumePredictor
{
    private readonly IReadOnlyList<IVolumePredictor> _members;
    private readonly double _threshold;

    public EnsemblePredictor(IReadOnlyList<IVolumePredictor> members, double threshold = 0.5)
    {
        if (members.Count == 0) throw new UserInputException("an ensemble needs at least one model");
        _members = members;
        _threshold = PredictionOptions.CheckThreshold(threshold);
    }

    public int Members => _members.Count;

    public Prediction Predict(Volume volume, IPredictionProgress? progress = null)
    {
        var sum = new double[volume.Voxels.LongLength];
        var entropy = new double[sum.LongLength];
        Volume? first = null;
        for (int m = 0; m < _members.Count; m++)
        {
            if (_members.Count > 1) progress?.MemberStarted(m, _members.Count);
            var p = _members[m].Predict(volume, progress).Probabilities;
            first ??= p;
            var voxels = p.Voxels;
            for (long n = 0; n < sum.LongLength; n++)
            {
                sum[n] += voxels[n];
                entropy[n] += Uncertainty.Entropy(voxels[n]);
            }
        }
        var mean = new float[sum.LongLength];
        var meanEntropy = new float[sum.LongLength];
        for (long n = 0; n < sum.LongLength; n++)
        {
            mean[n] = (float)(sum[n] / _members.Count);
            meanEntropy[n] = (float)(entropy[n] / _members.Count);
        }
        return new Prediction(first!.WithVoxels(mean), _threshold) { Members = _members.Count, MeanMemberEntropy = meanEntropy };
    }
}
