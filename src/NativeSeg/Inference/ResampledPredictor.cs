using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;
using NativeSeg.Nets;

namespace NativeSeg.Inference;

/// <summary>
/// The @1mm baseline (unet-1mm): resample the raw input to 1 mm isotropic with cubic B-splines (as its
/// training data was), predict there (<see cref="Predictor"/>: z-score, net, sigmoid/softmax), resample the
/// probabilities back onto the input's own grid, threshold.
/// The way back is linear on purpose: probabilities must stay in [0, 1] and monotone between samples;
/// a cubic B-spline overshoots at sharp lesion borders (values below 0 or above 1, ringing that can create
/// or remove voxels at the 0.5 threshold). nnU-Net also resamples probabilities with order 1.
/// </summary>
public sealed class ResampledPredictor : IVolumePredictor
{
    public static readonly Spacing ModelSpacing = Spacing.Isotropic(1);

    private readonly Predictor _inner;

    public ResampledPredictor(SegmentationNet net, PredictionOptions? options = null)
    {
        _inner = new Predictor(net, options);
    }

    public PredictionOptions Options => _inner.Options;

    public SegmentationNet Net => _inner.Net;

    public Prediction Predict(Volume volume, IPredictionProgress? progress = null)
    {
        VolumeChecks.RequireFinite(volume, "input volume");
        var isotropic = Resampler.ResampleToSpacing(volume, ModelSpacing, Interpolation.CubicBSpline);
        var probabilities = isotropic.WithVoxels(_inner.Probabilities(isotropic, progress));
        var native = Resampler.ResampleOnto(probabilities, volume.Shape, volume.Affine, Interpolation.Linear);
        return new Prediction(volume.WithVoxels(native), Options.Threshold);
    }
}
