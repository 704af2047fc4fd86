using NativeSeg.Imaging.Geometry;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Kernels;

/// <summary>
/// Realized kernels per spacing and frame, valid while the weight tensor holds the values it had when they were computed.
/// Validity is checked by comparing the weight with a snapshot (one elementwise comparison of the small radial
/// weight, far cheaper than realizing a kernel), so any change (optimizer step, load_state_dict, in-place edit,
/// dtype or device move) invalidates every cached kernel. Holds at most <see cref="Capacity"/> kernels (oldest
/// dropped first). Not a Tensor field of the module on purpose: TorchSharp would register it as a buffer.
/// </summary>
internal sealed class KernelCache : IDisposable
{
    private readonly List<(Spacing Spacing, KernelFrame Frame, Tensor Kernel)> _kernels = new();
    private Tensor? _snapshot;

    public KernelCache(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _kernels.Count;

    /// <summary>The cached kernel (an alias the caller may dispose), or null; clears everything first if the weight changed.</summary>
    public Tensor? Get(Spacing spacing, KernelFrame frame, Tensor weight)
    {
        if (!Matches(weight))
        {
            Clear();
            _snapshot = weight.detach().clone().DetachFromDisposeScope();
        }
        foreach (var (s, f, k) in _kernels)
            if (s == spacing && f == frame) return k.alias();
        return null;
    }

    /// <summary>Stores a detached copy owned by the cache (call after <see cref="Get"/> returned null for the same weight).</summary>
    public void Add(Spacing spacing, KernelFrame frame, Tensor kernel)
    {
        _kernels.Add((spacing, frame, kernel.detach().DetachFromDisposeScope()));
        if (_kernels.Count <= Capacity) return;
        _kernels[0].Kernel.Dispose();
        _kernels.RemoveAt(0);
    }

    private bool Matches(Tensor weight)
    {
        if (_snapshot is null || _snapshot.dtype != weight.dtype || _snapshot.device.ToString() != weight.device.ToString()
            || !_snapshot.shape.SequenceEqual(weight.shape))
            return false;
        using var _ = no_grad();
        using var equal = _snapshot.eq(weight).all();
        return equal.item<bool>();
    }

    public void Clear()
    {
        foreach (var (_, _, k) in _kernels) k.Dispose();
        _kernels.Clear();
        _snapshot?.Dispose();
        _snapshot = null;
    }

    public void Dispose() => Clear();
}
