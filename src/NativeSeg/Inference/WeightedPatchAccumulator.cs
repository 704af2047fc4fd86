using NativeSeg.Imaging.Geometry;
using NativeSeg.Equivariant.Torch;
using static TorchSharp.torch;

namespace NativeSeg.Inference;

/// <summary>
/// Blends overlapping patch outputs: sum_p w_p(x)·y_p(x) / sum_p w_p(x) with w the Gaussian importance map.
/// What is blended are logits, as nnU-Net v2 does (it averages logits, then applies the nonlinearity once).
/// </summary>
public sealed class WeightedPatchAccumulator : IDisposable
{
    private readonly Tensor _sum;      // [K, X, Y, Z]
    private readonly Tensor _weights;  // [1, X, Y, Z]
    private readonly Tensor _importance; // [1, px, py, pz]
    private readonly Shape3 _patch;

    public WeightedPatchAccumulator(int channels, Shape3 volume, Shape3 patch, Device? device = null)
    {
        var dev = device ?? CPU;
        _patch = patch;
        _sum = zeros(new long[] { channels, volume.X, volume.Y, volume.Z }, float32, dev);
        _weights = zeros(new long[] { 1, volume.X, volume.Y, volume.Z }, float32, dev);
        using var map = VolumeTensors.ToBatch(GaussianImportance.Map(patch), patch.X, patch.Y, patch.Z, dev);
        _importance = map.reshape(1, patch.X, patch.Y, patch.Z).clone();
    }

    /// <summary>Adds one patch's output <paramref name="values"/> [K, px, py, pz] whose first voxel is <paramref name="tile"/>.</summary>
    public void Add(Tile tile, Tensor values)
    {
        using var scope = NewDisposeScope();
        var region = new[]
        {
            TensorIndex.Colon,
            TensorIndex.Slice(tile.X, tile.X + _patch.X),
            TensorIndex.Slice(tile.Y, tile.Y + _patch.Y),
            TensorIndex.Slice(tile.Z, tile.Z + _patch.Z),
        };
        _sum.index(region).PlusInPlace(values * _importance);
        _weights.index(region).PlusInPlace(_importance);
    }

    /// <summary>The blended values [K, X, Y, Z] (a new tensor owned by the caller's scope).</summary>
    public Tensor Result() => _sum / _weights;

    public void Dispose()
    {
        _sum.Dispose();
        _weights.Dispose();
        _importance.Dispose();
    }
}
