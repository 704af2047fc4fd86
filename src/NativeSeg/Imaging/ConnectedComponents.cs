using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging;

/// <summary>Connected-component labelling of a binary mask (labels 1..Count, 0 = background), by flood fill.</summary>
public static class ConnectedComponents
{
    /// <summary>Face neighbours: scipy's default label().</summary>
    public static (int[] Labels, int Count) Label6(bool[] mask, Shape3 shape) => Label(mask, shape, 6);

    /// <summary>Face, edge and corner neighbours: lesion counting (a lesion is one 26-connected component).</summary>
    public static (int[] Labels, int Count) Label26(bool[] mask, Shape3 shape) => Label(mask, shape, 26);

    /// <summary>Components with 6 (faces), 18 (faces and edges) or 26 (also corners) neighbours.</summary>
    public static (int[] Labels, int Count) Label(bool[] mask, Shape3 shape, int connectivity) => connectivity switch
    {
        6 => Label(mask, shape, Neighbours(1)),
        18 => Label(mask, shape, Neighbours(2)),
        26 => Label(mask, shape, Neighbours(3)),
        _ => throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "expected 6, 18 or 26"),
    };

    private static (int[] Labels, int Count) Label(bool[] mask, Shape3 shape, (int I, int J, int K)[] neighbours)
    {
        var labels = new int[mask.Length];
        var stack = new Stack<long>();
        int count = 0;
        for (long start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0) continue;
            labels[start] = ++count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                long n = stack.Pop();
                int i = (int)(n % shape.X), j = (int)(n / shape.X % shape.Y), k = (int)(n / ((long)shape.X * shape.Y));
                foreach (var (di, dj, dk) in neighbours)
                {
                    int a = i + di, b = j + dj, c = k + dk;
                    if (a < 0 || b < 0 || c < 0 || a >= shape.X || b >= shape.Y || c >= shape.Z) continue;
                    long m = shape.Index(a, b, c);
                    if (!mask[m] || labels[m] != 0) continue;
                    labels[m] = count;
                    stack.Push(m);
                }
            }
        }
        return (labels, count);
    }

    /// <summary>Offsets with 1..maxSteps nonzero coordinates: 1 = faces, 2 = and edges, 3 = and corners.</summary>
    private static (int I, int J, int K)[] Neighbours(int maxSteps)
    {
        var offsets = new List<(int, int, int)>();
        for (int dk = -1; dk <= 1; dk++)
            for (int dj = -1; dj <= 1; dj++)
                for (int di = -1; di <= 1; di++)
                {
                    int steps = Math.Abs(di) + Math.Abs(dj) + Math.Abs(dk);   // nonzero coordinates of a unit offset
                    if (steps > 0 && steps <= maxSteps) offsets.Add((di, dj, dk));
                }
        return offsets.ToArray();
    }
}
