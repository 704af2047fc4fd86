using NativeSeg.Nets;

namespace NativeSeg.Inference;

/// <summary>Library entry point: the predictor a model kind needs (native, or resampled for unet-1mm).</summary>
public static class Predictors
{
    public static IVolumePredictor Create(ModelConfig config, SegmentationNet net, PredictionOptions? options = null) =>
        config.Kind.ResamplesTo1mm() ? new ResampledPredictor(net, options) : new Predictor(net, options);
}
