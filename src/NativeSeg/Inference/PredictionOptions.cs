namespace NativeSeg.Inference;

/// <summary>How a volume is predicted. Defaults are the paper's (120³ patches, step 0.5, threshold 0.5, CPU).</summary>
public sealed record PredictionOptions
{
    public const int DefaultPatch = 120;

    /// <summary>Cubic patch edge in voxels for the sliding window; null runs the net on the whole volume at once.</summary>
    public int? Patch { get; init; } = DefaultPatch;

    /// <summary>Distance between neighbouring patches as a fraction of the patch size (nnU-Net: 0.5).</summary>
    public double StepFraction { get; init; } = SlidingWindow.DefaultStepFraction;

    /// <summary>A voxel is foreground when its probability is above this (ties go to background, like argmax).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>TorchSharp device name, e.g. "cpu".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Parses the CLI's --patch value: a positive integer, or "whole" / "0" for whole-volume prediction.</summary>
    public static int? ParsePatch(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "whole" or "0") return null;
        if (int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0)
            return n;
        throw new FormatException($"--patch '{text}': expected a positive number of voxels or 'whole'");
    }
}
