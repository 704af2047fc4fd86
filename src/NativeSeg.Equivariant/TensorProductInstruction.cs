namespace NativeSeg.Equivariant;

/// <summary>
/// One path of a tensor product, e3nn style: input block <see cref="IIn1"/> of irreps_in1 times block
/// <see cref="IIn2"/> of irreps_in2 into output block <see cref="IOut"/>, connection mode "uvw" (weights
/// W[u, v, w], row-major at <see cref="WeightOffset"/> in the flat weight vector), scaled by <see cref="PathWeight"/>.
/// </summary>
public sealed record TensorProductInstruction(
    int IIn1, int IIn2, int IOut,
    int L1, int L2, int LOut,
    int Mul1, int Mul2, int MulOut,
    double PathWeight,
    int WeightOffset)
{
    public string ConnectionMode => "uvw";

    public bool HasWeight => true;

    public int WeightNumel => Mul1 * Mul2 * MulOut;

    public int[] PathShape => new[] { Mul1, Mul2, MulOut };
}
