namespace NativeSeg.Equivariant;

/// <summary>
/// An irreducible representation of O(3): degree <see cref="L"/> (dimension 2l+1) and parity +1 (e) or -1 (o).
/// Ordered as e3nn orders them: by l, then odd before even (0o &lt; 0e &lt; 1o &lt; 1e ...).
/// </summary>
public readonly record struct Irrep : IComparable<Irrep>
{
    public int L { get; }
    public int Parity { get; }

    public Irrep(int l, int parity)
    {
        if (l < 0) throw new ArgumentException($"irrep degree must be >= 0, got {l}");
        if (parity != 1 && parity != -1) throw new ArgumentException($"irrep parity must be +1 or -1, got {parity}");
        L = l;
        Parity = parity;
    }

    public int Dim => 2 * L + 1;

    /// <summary>True for 0e, the only irrep e3nn treats as a plain scalar (centred by batch norm, biased).</summary>
    public bool IsScalar => L == 0 && Parity == 1;

    /// <summary>Parses "1e", "2o", "0y" is rejected.</summary>
    public static Irrep Parse(string text)
    {
        var s = text.Trim();
        if (s.Length < 2) throw new FormatException($"irrep '{text}': expected degree and parity, e.g. 1e");
        int parity = s[^1] switch
        {
            'e' => 1,
            'o' => -1,
            _ => throw new FormatException($"irrep '{text}': parity must be 'e' or 'o'"),
        };
        if (!int.TryParse(s[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int l))
            throw new FormatException($"irrep '{text}': degree is not a non-negative integer");
        return new Irrep(l, parity);
    }

    /// <summary>Product parity and the range of degrees allowed by the Clebsch-Gordan selection rule.</summary>
    public IEnumerable<Irrep> Times(Irrep other)
    {
        int p = Parity * other.Parity;
        for (int l = Math.Abs(L - other.L); l <= L + other.L; l++)
            yield return new Irrep(l, p);
    }

    public int CompareTo(Irrep other) => L != other.L ? L.CompareTo(other.L) : Parity.CompareTo(other.Parity);

    public override string ToString() => $"{L}{(Parity == 1 ? 'e' : 'o')}";
}

/// <summary>A block of <see cref="Mul"/> copies of one irrep.</summary>
public readonly record struct MulIrrep(int Mul, Irrep Irrep)
{
    public int Dim => Mul * Irrep.Dim;

    public override string ToString() => $"{Mul}x{Irrep}";
}
