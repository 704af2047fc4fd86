using System.Text.Json;

namespace NativeSeg.Tests.Support;

/// <summary>Reading the published-model fixtures (testdata/e3nn_unet*).</summary>
public static class PublishedFixtures
{
    /// <summary>The fixture's C-order [X, Y, Z] values (z fastest) in NIfTI order (x fastest).</summary>
    public static float[] COrderToNifti(JsonElement values, long[] shape)
    {
        var flat = values.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var voxels = new float[flat.Length];
        for (int x = 0; x < shape[0]; x++)
            for (int y = 0; y < shape[1]; y++)
                for (int z = 0; z < shape[2]; z++)
                    voxels[x + shape[0] * (y + shape[1] * z)] = (float)flat[(x * shape[1] + y) * shape[2] + z];
        return voxels;
    }
}
