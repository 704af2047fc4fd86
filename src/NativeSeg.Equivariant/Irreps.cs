using System.Collections;
using System.Globalization;

namespace NativeSeg.Equivariant;

/// <summary>
/// A direct sum of irreps in the written order, e.g. "8x0e + 4x1e + 2x2e". A feature vector is the blocks in this
/// order; a "mul x l" block is mul consecutive copies of its 2l+1 components. Immutable.
/// </summary>
public sealed class Irreps : IReadOnlyList<MulIrrep>, IEquatable<Irreps>
{
    private readonly MulIrrep[] _blocks;

    public Irreps(IEnumerable<MulIrrep> blocks)
    {
        _blocks = blocks.ToArray();
        foreach (var b in _blocks)
            if (b.Mul < 0) throw new ArgumentException($"negative multiplicity in {b}");
    }

    public static Irreps Empty { get; } = new(Array.Empty<MulIrrep>());

    /// <summary>Parses e3nn syntax: blocks separated by '+', each "MULxLp" or "Lp" (mul 1); blank means empty.</summary>
    public static Irreps Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) return Empty;
        var blocks = new List<MulIrrep>();
        foreach (var part in text.Split('+'))
        {
            var s = part.Trim();
            if (s.Length == 0) throw new FormatException($"irreps '{text}': empty block");
            int x = s.IndexOf('x');
            int mul = 1;
            if (x >= 0)
            {
                if (!int.TryParse(s[..x].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out mul))
                    throw new FormatException($"irreps '{text}': multiplicity of '{s}' is not a non-negative integer");
                s = s[(x + 1)..];
            }
            Irrep ir;
            try { ir = Irrep.Parse(s); }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new FormatException($"irreps '{text}': {e.Message}");
            }
            blocks.Add(new MulIrrep(mul, ir));
        }
        return new Irreps(blocks);
    }

    public static implicit operator Irreps(string text) => Parse(text);

    /// <summary>Spherical-harmonics irreps 1x0e+1x1p+...: parity (-1)^l (p = -1, O(3)) or all even (p = +1, SO(3)).</summary>
    public static Irreps SphericalHarmonics(int lmax, int p = -1) =>
        new(Enumerable.Range(0, lmax + 1).Select(l => new MulIrrep(1, new Irrep(l, p == 1 ? 1 : (l % 2 == 0 ? 1 : -1)))));

    public int Count => _blocks.Length;
    public MulIrrep this[int index] => _blocks[index];

    /// <summary>Total number of components.</summary>
    public int Dim => _blocks.Sum(b => b.Dim);

    /// <summary>Total number of irrep copies (sum of multiplicities).</summary>
    public int NumIrreps => _blocks.Sum(b => b.Mul);

    public int LMax => _blocks.Length == 0 ? throw new InvalidOperationException("empty irreps have no lmax") : _blocks.Max(b => b.Irrep.L);

    /// <summary>Start offset of each block in the flat layout.</summary>
    public int Offset(int block)
    {
        int o = 0;
        for (int i = 0; i < block; i++) o += _blocks[i].Dim;
        return o;
    }

    /// <summary>(start, length) of every block in the flat layout.</summary>
    public IReadOnlyList<(int Start, int Length)> Slices()
    {
        var s = new (int, int)[_blocks.Length];
        int o = 0;
        for (int i = 0; i < _blocks.Length; i++) { s[i] = (o, _blocks[i].Dim); o += _blocks[i].Dim; }
        return s;
    }

    /// <summary>Per irrep copy, in layout order: the block it belongs to, its irrep and its first component.</summary>
    public IReadOnlyList<(int Block, Irrep Irrep, int Start)> Copies()
    {
        var list = new List<(int, Irrep, int)>();
        int o = 0;
        for (int i = 0; i < _blocks.Length; i++)
            for (int u = 0; u < _blocks[i].Mul; u++) { list.Add((i, _blocks[i].Irrep, o)); o += _blocks[i].Irrep.Dim; }
        return list;
    }

    /// <summary>e3nn's simplify: merges consecutive blocks of the same irrep and drops empty blocks (no reordering).</summary>
    public Irreps Simplify()
    {
        var outp = new List<MulIrrep>();
        foreach (var b in _blocks)
        {
            if (outp.Count > 0 && outp[^1].Irrep == b.Irrep) outp[^1] = new MulIrrep(outp[^1].Mul + b.Mul, b.Irrep);
            else if (b.Mul > 0) outp.Add(b);
        }
        return new Irreps(outp);
    }

    /// <summary>
    /// e3nn's sort: blocks stably ordered by irrep. <c>Permutation[i]</c> is the sorted position of block i;
    /// <c>Inverse[j]</c> the original block at sorted position j.
    /// </summary>
    public (Irreps Sorted, int[] Permutation, int[] Inverse) Sort()
    {
        int[] inv = Enumerable.Range(0, _blocks.Length).OrderBy(i => _blocks[i].Irrep).ThenBy(i => i).ToArray();
        int[] perm = new int[inv.Length];
        for (int j = 0; j < inv.Length; j++) perm[inv[j]] = j;
        return (new Irreps(inv.Select(i => _blocks[i])), perm, inv);
    }

    /// <summary>Multiplies every multiplicity by <paramref name="factor"/> (channel doubling per U-Net level).</summary>
    public Irreps Scale(int factor)
    {
        if (factor < 0) throw new ArgumentException($"scale factor must be >= 0, got {factor}");
        return new Irreps(_blocks.Select(b => b with { Mul = b.Mul * factor }));
    }

    /// <summary>Concatenation (skip connections): the blocks of a followed by those of b.</summary>
    public static Irreps operator +(Irreps a, Irreps b) => new(a._blocks.Concat(b._blocks));

    public static Irreps operator *(int factor, Irreps a) => a.Scale(factor);

    /// <summary>Only the blocks whose irrep satisfies <paramref name="keep"/> (order kept).</summary>
    public Irreps Filter(Func<Irrep, bool> keep) => new(_blocks.Where(b => keep(b.Irrep)));

    public IEnumerator<MulIrrep> GetEnumerator() => ((IEnumerable<MulIrrep>)_blocks).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _blocks.GetEnumerator();

    public bool Equals(Irreps? other) => other is not null && _blocks.SequenceEqual(other._blocks);
    public override bool Equals(object? obj) => obj is Irreps o && Equals(o);
    public override int GetHashCode() => _blocks.Aggregate(17, (h, b) => h * 31 + b.GetHashCode());
    public static bool operator ==(Irreps? a, Irreps? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Irreps? a, Irreps? b) => !(a == b);

    /// <summary>As e3nn prints: "2x0e+1x1e+1x2e" (no spaces).</summary>
    public override string ToString() => string.Join("+", _blocks.Select(b => b.ToString()));
}
