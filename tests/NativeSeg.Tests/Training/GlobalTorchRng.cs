namespace NativeSeg.Tests.Training;

/// <summary>
/// Tests that compare two training runs weight for weight: a run seeds libtorch's process-wide generator and draws its
/// initial weights from it, so a test building a net in parallel between the seed and the draw would change them.
/// This collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchRng
{
    public const string Name = "Global torch RNG";
}
