using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Preprocessing;

/// <summary>
/// The grid a model sees: each image's own (native), or every image resampled to one spacing (the @1mm baseline).
/// </summary>
public sealed record InputGrid
{
    private InputGrid(Spacing? target) { Target = target; }

    /// <summary>The spacing every image is resampled to; null on the native grid.</summary>
    public Spacing? Target { get; }

    public bool IsNative => Target is null;

    public static InputGrid Native { get; } = new((Spacing?)null);

    public static InputGrid Resampled(Spacing target) => new(target);

    /// <summary>"native" or the target spacing, e.g. "1x1x1 mm".</summary>
    public override string ToString() => Target is { } t ? $"{t} mm" : "native";
}
