namespace NativeSeg.Equivariant;

/// <summary>
/// One path of <see cref="EquivariantLinear"/>: input block <see cref="IIn"/> into output block <see cref="IOut"/>
/// (same irrep), weights W[u, w] row-major [MulIn, MulOut] at <see cref="WeightOffset"/>, scaled by
/// <see cref="PathWeight"/> = 1/sqrt(sum of mul_in over the paths into IOut).
/// </summary>
public sealed record LinearInstruction(int IIn, int IOut, int MulIn, int MulOut, double PathWeight, int WeightOffset)
{
    public int WeightNumel => MulIn * MulOut;

    public int[] PathShape => new[] { MulIn, MulOut };
}
