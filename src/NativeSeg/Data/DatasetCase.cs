using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Data;

/// <summary>One case of an nnU-Net raw dataset: its image and label files and what cases.tsv says of it.</summary>
public sealed record DatasetCase(string Name, string ImagePath, string? LabelPath, string Group, string Plane)
{
    /// <summary>Spacing from cases.tsv when known (informative; the image header is authoritative).</summary>
    public Spacing? ListedSpacing { get; init; }
}
