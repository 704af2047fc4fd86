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

    /// <summary>
    /// Predicts a fixture case through the CLI (`predict --probabilities --patch whole` with the model folder
    /// <paramref name="model"/>) and returns the largest difference from sigmoid of the published logits. The recorded input
    /// is already zero mean and unit variance, so the z-score leaves it (up to float32).
    /// </summary>
    public static double PredictedAgainstPublished(string model, JsonElement item, TempFolder dir)
    {
        var shape = item.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var s = item.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var spacing = new NativeSeg.Imaging.Geometry.Spacing(s[0], s[1], s[2]);
        var volume = new NativeSeg.Imaging.Volume(new NativeSeg.Imaging.Geometry.Shape3((int)shape[0], (int)shape[1], (int)shape[2]), COrderToNifti(item.GetProperty("input"), shape),
                                                  spacing, NativeSeg.Imaging.Geometry.Affine.Diagonal(spacing));
        NativeSeg.Imaging.Nifti.NiftiWriter.Write(volume, dir.File("in.nii.gz"));
        var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", dir.File("in.nii.gz"), "--output", dir.File("p.nii.gz"), "--probabilities", "--patch", "whole", "--overwrite");
        if (code != 0) throw new InvalidOperationException(stderr);
        var probabilities = NativeSeg.Imaging.Nifti.NiftiReader.Read(dir.File("p_prob.nii.gz")).Voxels;
        var logits = COrderToNifti(item.GetProperty("output"), shape);
        return probabilities.Zip(logits, (p, l) => Math.Abs(p - 1 / (1 + Math.Exp(-l)))).Max();
    }
}
