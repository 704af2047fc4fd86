using System.Text.Json.Serialization;
using NativeSeg.Imaging;

namespace NativeSeg.Training.Augmentation;

/// <summary>Which data augmentation a training patch gets (`--augment`).</summary>
public enum AugmentationScheme
{
    /// <summary>The patch as cut from the case: the paper's recipe.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>nnU-Net v2's default training transforms (<see cref="NnUNetAugmentation"/>).</summary>
    [JsonStringEnumMemberName("nnunet")] NnUNet,
    /// <summary>The same without rotations: the ablation for the claim that equivariant nets need no rotational augmentation.</summary>
    [JsonStringEnumMemberName("nnunet-no-rotation")] NnUNetNoRotation,
}

public static class AugmentationSchemes
{
    public static string Name(this AugmentationScheme scheme) => EnumNames.Name(scheme);

    public static AugmentationScheme Parse(string text) => EnumNames.Parse<AugmentationScheme>(text, "--augment");
}
