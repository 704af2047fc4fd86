using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Torch;

/// <summary>
/// Frees a net's intermediate feature maps as soon as nothing of ours reads them again. A dispose scope keeps every
/// tensor made inside it until the scope ends, so a U-Net forward written with one scope holds all its activations at
/// once — under no_grad, where PyTorch would have dropped each as its Python reference went, that was most of an
/// inference pass's peak. Disposing a handle only drops our reference: what autograd saved for the backward pass keeps
/// its own, so training computes the same and only stops holding what the graph did not keep.
/// </summary>
public static class Intermediates
{
    /// <summary>Returns <paramref name="next"/> after disposing <paramref name="previous"/>, unless they are one tensor
    /// (a module that passed its input through, such as dropout in eval mode) or <paramref name="previous"/> is
    /// <paramref name="kept"/> (the caller's input, or a tensor still needed, such as a skip connection).</summary>
    public static Tensor Replace(Tensor previous, Tensor next, Tensor? kept = null)
    {
        if (!ReferenceEquals(previous, next) && !ReferenceEquals(previous, kept)) previous.Dispose();
        return next;
    }

    /// <summary>[upsampled, skip] concatenated along channels, both parts disposed: a decoder level reads its skip once.</summary>
    public static Tensor Join(Tensor upsampled, Tensor skip)
    {
        var joined = cat(new[] { upsampled, skip }, 1);
        upsampled.Dispose();
        skip.Dispose();
        return joined;
    }
}
