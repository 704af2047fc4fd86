using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;

namespace NativeSeg.Training;

/// <summary>A training patch: image and label voxels in NIfTI order on a grid of the given spacing.</summary>
public sealed record Patch(string Case, Shape3 Shape, Spacing Spacing, float[] Image, float[] Label);

/// <summary>
/// Random patches as nnU-Net draws them: a share of them (default 1/3) centred on a random foreground voxel,
/// the rest anywhere. The window is clipped to lie inside the volume; along an axis where the volume is
/// smaller than the patch, the patch is zero padded (image and label) up to the requested size unless
/// <see cref="PadToPatch"/> is off, in which case the patch takes the volume's size there (the nets accept any
/// size, so this only saves computing on zeros). Each patch carries its case's spacing; one patch = one batch,
/// so batches never mix spacings. The patch size may depend on the case's spacing (<see cref="PatchSize"/> in mm).
/// </summary>
public sealed class PatchSampler(IReadOnlyList<TrainingCase> cases, Func<Spacing, Shape3> patchFor, SeededRandom random, double foregroundShare = 1.0 / 3)
{
    public PatchSampler(IReadOnlyList<TrainingCase> cases, Shape3 patch, SeededRandom random, double foregroundShare = 1.0 / 3)
        : this(cases, _ => patch, random, foregroundShare) { }

    public PatchSampler(IReadOnlyList<TrainingCase> cases, PatchSize patch, SeededRandom random, double foregroundShare = 1.0 / 3)
        : this(cases, patch.For, random, foregroundShare) { }

    public bool PadToPatch { get; init; } = true;

    public Patch Next()
    {
        var c = cases[random.Next(cases.Count)];
        var patch = patchFor(c.Spacing);
        var start = Place(c, patch, random, foregroundShare);
        var size = new int[3];
        for (int a = 0; a < 3; a++) size[a] = PadToPatch ? patch[a] : Math.Min(patch[a], c.Shape[a]);
        return Extract(c, start, new Shape3(size[0], size[1], size[2]));
    }

    /// <summary>
    /// Where a window of <paramref name="window"/> voxels starts in the case: with probability <paramref name="foregroundShare"/>
    /// centred on a random foreground voxel, else anywhere; clipped to lie inside the volume (start 0 where it is larger).
    /// </summary>
    public static int[] Place(TrainingCase c, Shape3 window, SeededRandom random, double foregroundShare)
    {
        bool centred = c.Foreground.Length > 0 && random.NextDouble() < foregroundShare;
        int[] centre = new int[3];
        if (centred)
        {
            int n = c.Foreground[random.Next(c.Foreground.Length)];
            centre = [n % c.Shape.X, n / c.Shape.X % c.Shape.Y, n / (c.Shape.X * c.Shape.Y)];
        }
        var start = new int[3];
        for (int a = 0; a < 3; a++)
        {
            int room = Math.Max(0, c.Shape[a] - window[a]);
            start[a] = centred ? Math.Clamp(centre[a] - window[a] / 2, 0, room) : random.Next(room + 1);
        }
        return start;
    }

    /// <summary>Copies the window starting at <paramref name="start"/> (voxels outside the volume are 0).</summary>
    public static Patch Extract(TrainingCase c, int[] start, Shape3 size)
    {
        var image = new float[size.Count];
        var label = new float[size.Count];
        for (int k = 0; k < size.Z; k++)
        {
            int z = start[2] + k;
            if (z >= c.Shape.Z) continue;
            for (int j = 0; j < size.Y; j++)
            {
                int y = start[1] + j;
                if (y >= c.Shape.Y) continue;
                int xs = Math.Min(size.X, c.Shape.X - start[0]);
                long src = c.Shape.Index(start[0], y, z), dst = size.Index(0, j, k);
                Array.Copy(c.Image, src, image, dst, xs);
                for (int i = 0; i < xs; i++) label[dst + i] = c.Label[src + i];
            }
        }
        return new Patch(c.Name, size, c.Spacing, image, label);
    }
}
