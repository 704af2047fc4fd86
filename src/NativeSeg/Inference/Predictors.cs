using NativeSeg.Nets.Model;

namespace NativeSeg.Inference;

/// <summary>
/// Library entry points (what the CLI's predict verb uses): the predictor for a model, under the preprocessing
/// stored with it (native for ra-unet and unet, through 1 mm for unet-1mm and ra-unet-1mm). Then <see cref="IVolumePredictor.Predict"/> a raw
/// <see cref="Imaging.Volume"/> to get probabilities and the mask on its own grid, or hand the predictor to a
/// <see cref="PredictionRunner"/> for files and folders.
/// </summary>
public static class Predictors
{
    public static IVolumePredictor Create(ModelConfig config, SegmentationNet net, PredictionOptions? options = null)
    {
        if (net.InputChannels != 1)
            throw new UserInputException($"the model takes {net.InputChannels} input channels; prediction supports single-channel models");
        return new Predictor(net, options, config);
    }

    public static IVolumePredictor Create(LoadedModel model, PredictionOptions? options = null) =>
        Create(model.Config, model.Net, options);

    /// <summary>Loads a model folder (model.json + weights) onto the options' device and returns its predictor.</summary>
    public static IVolumePredictor Load(string modelDirectory, PredictionOptions? options = null)
    {
        options ??= new PredictionOptions();
        return Create(ModelDirectory.Load(modelDirectory, TorchDevice.Parse(options.Device)), options);
    }
}
