namespace NativeSeg.Data;

/// <summary>nnU-Net file naming: case.nii.gz for masks, case_0000.nii.gz for the first (here: only) image channel.</summary>
public static class NnUNetNames
{
    /// <summary>The file name without .nii/.nii.gz: a mask's case name (which may itself end in digits, e.g. case_0014).</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        foreach (var ext in new[] { ".nii.gz", ".nii" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }

    /// <summary>An image-style stem without its trailing 4-digit channel suffix (case_0014_0000 -> case_0014).</summary>
    public static string WithoutChannel(string stem) =>
        stem.Length > 5 && stem[^5] == '_' && stem[^4..].All(char.IsDigit) ? stem[..^5] : stem;
}
