using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>Predicts a raw (not yet normalized) 3D volume; the result lies on the volume's own grid.</summary>
public interface IVolumePredictor
{
    Prediction Predict(Volume volume, IPredictionProgress? progress = null);

    /// <summary>How many models' probabilities a prediction averages.</summary>
    int Members => 1;
}
