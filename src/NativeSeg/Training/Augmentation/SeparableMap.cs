using static TorchSharp.torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>
/// Applies one <see cref="AxisWeights"/> matrix per target axis to an [X, Y, Z] tensor: out[i, j, k] =
/// Σ W₀[i, a] W₁[j, b] W₂[k, c] src[a, b, c], the source axes taken in the order the target axes read them. Three
/// two-operand contractions, each a matrix product, so the cost is that of three small matmuls, not of the dense map.
/// </summary>
public static class SeparableMap
{
    public static Tensor Apply(Tensor source, IReadOnlyList<TargetAxis> axes, IReadOnlyList<float[]> weights)
    {
        using var scope = NewDisposeScope();
        var t = source.permute(axes[0].SourceAxis, axes[1].SourceAxis, axes[2].SourceAxis);
        var w = new Tensor[3];
        for (int a = 0; a < 3; a++)
            w[a] = tensor(weights[a], [axes[a].Count, t.shape[a]], source.dtype).to(source.device);
        t = einsum("ia,abc->ibc", w[0], t);
        t = einsum("jb,ibc->ijc", w[1], t);
        t = einsum("kc,ijc->ijk", w[2], t);
        return t.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Σₖ W[row, k]², the factor by which the map scales white noise's variance at that target row.</summary>
    public static double NoiseVarianceFactor(float[] weights, int count, int row)
    {
        int n = weights.Length / count;
        double sum = 0;
        for (int k = 0; k < n; k++) sum += (double)weights[row * n + k] * weights[row * n + k];
        return sum;
    }
}
