using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Training;

/// <summary>A validated case in memory: z-scored image and 0/1 label on one grid, with its foreground voxel indices.</summary>
public sealed record TrainingCase(string Name, string Group, Shape3 Shape, Spacing Spacing, float[] Image, byte[] Label)
{
    public int[] Foreground { get; } = Enumerable.Range(0, Label.Length).Where(n => Label[n] != 0).ToArray();
}
