using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Imaging.Preprocessing;

/// <summary>
/// The one contract between training and inference (nnU-Net's plans idea): the grid the model sees, how images,
/// masks and probabilities move between grids, and how intensities are normalized. Training calls
/// <see cref="ToGrid(Volume, Volume)"/> then <see cref="Normalize"/>; inference calls <see cref="ToGrid(Volume)"/>,
/// <see cref="Normalize"/>, the net, then <see cref="Restore"/>. Stored in model.json, so a model carries it.
/// </summary>
public sealed record Preprocessing
{
    public InputGrid Grid { get; init; } = InputGrid.Native;
    public IntensityScheme Intensity { get; init; } = IntensityScheme.ZScoreNonzero;
    public Interpolation Image { get; init; } = Interpolation.CubicBSpline;
    public Interpolation Mask { get; init; } = Interpolation.Nearest;
    /// <summary>
    /// Linear on purpose: probabilities must stay in [0, 1] and monotone between samples; a cubic B-spline
    /// overshoots at sharp lesion borders and can create or remove voxels at the 0.5 threshold. nnU-Net also
    /// resamples probabilities with order 1.
    /// </summary>
    public Interpolation Probabilities { get; init; } = Interpolation.Linear;

    public static Preprocessing Native { get; } = new();

    /// <summary>The @1mm baseline's recipe: cubic B-spline images, nearest-neighbour masks on a 1 mm grid.</summary>
    public static Preprocessing Isotropic1mm { get; } = new() { Grid = InputGrid.Resampled(Spacing.Isotropic(1)) };

    /// <summary>A training pair on the model's grid (the same object when the grid is native).</summary>
    public (Volume Image, Volume Label) ToGrid(Volume image, Volume label) => Grid.Target is { } target
        ? (Resampler.ResampleToSpacing(image, target, Image), Resampler.ResampleToSpacing(label, target, Mask))
        : (image, label);

    /// <summary>An input image on the model's grid (the same object when the grid is native).</summary>
    public Volume ToGrid(Volume image) => Grid.Target is { } target ? Resampler.ResampleToSpacing(image, target, Image) : image;

    /// <summary>The network's input intensities of an image already on the model's grid.</summary>
    public float[] Normalize(Volume image) => Intensity switch
    {
        IntensityScheme.ZScoreNonzero => IntensityNormalization.ZScoreNonzero(image.Voxels),
        _ => throw new ArgumentOutOfRangeException(nameof(Intensity), Intensity, null),
    };

    /// <summary>Probabilities on the model's grid brought back onto the input's own grid.</summary>
    public Volume Restore(Volume probabilities, Volume native) => Grid.IsNative
        ? probabilities
        : native.WithVoxels(Resampler.ResampleOnto(probabilities, native.Shape, native.Affine, Probabilities));
}
