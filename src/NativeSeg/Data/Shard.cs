using System.Globalization;

namespace NativeSeg.Data;

/// <summary>
/// Shard K of N (1-based) of a case list: the cases at sorted positions K−1, K−1+N, K−1+2N, ... (round robin over
/// the ordinal-sorted names). Deterministic, disjoint and covering, so N independent processes given 1/N .. N/N
/// together handle every case exactly once, and a Slurm array task can pass $SLURM_ARRAY_TASK_ID as K.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard All = new(1, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n is >= 1 and <= 100_000 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new UserInputException($"--shard '{text}': expected K/N with 1 <= K <= N (e.g. 2/4)");
    }

    /// <summary>This shard's items of a list already in its canonical (ordinal name) order.</summary>
    public IReadOnlyList<T> Of<T>(IReadOnlyList<T> sorted) => Count == 1 ? sorted : sorted.Where((_, i) => i % Count == Index - 1).ToList();

    public override string ToString() => $"{Index}/{Count}";
}
