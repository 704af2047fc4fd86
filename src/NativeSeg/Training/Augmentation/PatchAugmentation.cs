namespace NativeSeg.Training.Augmentation;

/// <summary>
/// What a training patch goes through before the net sees it: nnU-Net's transforms (<see cref="Scheme"/>) and, with
/// probability <see cref="GridProbability"/>, a re-acquisition on a random grid from <see cref="Grids"/>.
/// </summary>
public sealed record PatchAugmentation(AugmentationScheme Scheme, double GridProbability, GridRange Grids)
{
    public static PatchAugmentation None { get; } = new(AugmentationScheme.None, 0, GridRange.Default);

    public bool IsNone => Scheme == AugmentationScheme.None && GridProbability == 0;

    public NnUNetAugmentation? Transforms => NnUNetAugmentation.For(Scheme);
}
