using System.Collections.Concurrent;
using TorchSharp;

namespace NativeSeg.Equivariant.Torch;

/// <summary>
/// Scalars that live as long as the process. TorchSharp passes a <see cref="Scalar"/>'s native handle to libtorch
/// and keeps no reference to the Scalar during the call, so an implicitly converted temporary (x * 0.5) can be
/// finalized, and its native memory freed, while libtorch still reads it: seen once in thousands of training steps
/// as "INTERNAL ASSERT FAILED at c10/core/Scalar.h" in pow. The constants of hot paths are therefore taken from here.
/// </summary>
public static class KeptScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    /// <summary>The Scalar for a constant; only for a small, fixed set of values (the cache never shrinks).</summary>
    public static Scalar Of(double value) => Cache.GetOrAdd(value, v => v.ToScalar());
}
