using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>Connected components of at least a minimum size, relabelled 1..n (ITK's RelabelComponentImageFilter with MinimumObjectSize); smaller ones become background.</summary>
public static class SizeFilter
{
    public static (int[] Labels, int Count) Keep(bool[] mask, Shape3 shape, int connectivity, int minVoxels)
    {
        var (labels, count) = ConnectedComponents.Label(mask, shape, connectivity);
        var size = new long[count + 1];
        foreach (int l in labels) size[l]++;
        var map = new int[count + 1];
        int kept = 0;
        for (int l = 1; l <= count; l++) map[l] = size[l] >= minVoxels ? ++kept : 0;
        for (long n = 0; n < labels.LongLength; n++) labels[n] = map[labels[n]];
        return (labels, kept);
    }
}
