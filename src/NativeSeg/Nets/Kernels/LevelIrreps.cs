using NativeSeg.Equivariant;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// The irreps of one U-Net level with multiplicity n (docs/design/e3nn.md "The U-Net"): features 4n x0e + 2n x1e + n x2e, and
/// the gate that produces them from 4n scalars, 3n gates and the 2n + n gated copies (relu on scalars, sigmoid
/// on gates). The convolutions of a level output the gate's sorted input irreps, (7n)x0e + 2n x1e + n x2e.
/// </summary>
public static class LevelIrreps
{
    public static Irreps Features(int n) => Irreps.Parse($"{4 * n}x0e+{2 * n}x1e+{n}x2e");

    public static Gate Gate(int n) =>
        new(Irreps.Parse($"{4 * n}x0e"), new[] { "relu" }, Irreps.Parse($"{3 * n}x0e"), "sigmoid", Irreps.Parse($"{2 * n}x1e+{n}x2e"));

    /// <summary>Multiplicity at level i: n_0 doubled per level.</summary>
    public static int Multiplicity(int n0, int level) => n0 << level;
}
