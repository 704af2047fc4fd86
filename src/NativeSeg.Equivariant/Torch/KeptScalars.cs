using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Torch;

/// <summary>
/// Scalars that live as long as the process, and the tensor sums that need one. TorchSharp passes a
/// <see cref="Scalar"/>'s native handle to libtorch and keeps no reference to the Scalar during the call, so a
/// temporary one can be finalized, and its native memory freed, while libtorch still reads it ("Expected false to be
/// true" from c10::Scalar::toFloat, seen in training and reproduced in a second under a collecting thread). Temporaries
/// come from C# numbers converted at a call (x * 0.5) and from TorchSharp members that make one inside: a + b calls
/// a.add(b, 1), and x * 0.5 converts inside the operator. Constants are taken from here, values that change per call
/// are 0-dim tensors or a Scalar in a using declaration, and sums go through <see cref="Plus(Tensor, Tensor)"/>.
/// tests/NativeSeg.Tests/Source/TemporaryScalarTests finds any new temporary in src/.
/// </summary>
public static class KeptScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    /// <summary>The Scalar for a constant; only for a small, fixed set of values (the cache never shrinks).</summary>
    public static Scalar Of(double value) => Cache.GetOrAdd(value, v => v.ToScalar());

    public static Scalar One => Of(1);

    /// <summary>a + b, with the alpha that TorchSharp's operator would make as a temporary kept.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + b for a kept Scalar b.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary>a += b in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);
}
