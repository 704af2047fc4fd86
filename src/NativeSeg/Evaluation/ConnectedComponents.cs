using NativeSeg.Imaging;

namespace NativeSeg.Evaluation;

/// <summary>26-connected component labelling of a binary mask (labels 1..Count, 0 = background).</summary>
public static class ConnectedComponents
{
    public static (int[] Labels, int Count) Label26(bool[] mask, Shape3 shape)
    {
        var labels = new int[mask.Length];
        var stack = new Stack<long>();
        int count = 0;
        for (long start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0) continue;
            count++;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                long n = stack.Pop();
                int i = (int)(n % shape.X), j = (int)(n / shape.X % shape.Y), k = (int)(n / ((long)shape.X * shape.Y));
                for (int dk = -1; dk <= 1; dk++)
                for (int dj = -1; dj <= 1; dj++)
                for (int di = -1; di <= 1; di++)
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
}
