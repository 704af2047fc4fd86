using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>
/// Soft Dice loss of the foreground: 1 - (2 Σ p t + s) / (Σ p + Σ t + s) over the whole batch, with
/// p = sigmoid(logits) for one output class (softmax foreground for two) and smoothing s = 1 voxel, which keeps
/// the loss defined (0) on patches without foreground and barely moves it on patches with lesions.
/// </summary>
public static class SoftDiceLoss
{
    public const double Smoothing = 1.0;

    public static Tensor Compute(Tensor logits, Tensor target) => FromProbabilities(Foreground(logits), target);

    /// <summary>The loss of foreground probabilities [B, 1, X, Y, Z] against a 0/1 target of the same shape.</summary>
    public static Tensor FromProbabilities(Tensor p, Tensor target)
    {
        var intersection = (p * target).sum();
        var smoothing = KeptScalars.Of(Smoothing);
        return -((intersection * KeptScalars.Of(2)).Plus(smoothing) / p.sum().Plus(target.sum()).Plus(smoothing)).Plus(KeptScalars.Of(-1));
    }

    /// <summary>Foreground probability [B, 1, X, Y, Z] from logits with 1 or 2 classes.</summary>
    public static Tensor Foreground(Tensor logits) => logits.shape[1] == 1
        ? sigmoid(logits)
        : softmax(logits, 1).narrow(1, 1, 1);
}
