namespace NativeSeg.Data;

/// <summary>nnU-Net file naming: case.nii.gz for masks, case_0000.nii.gz for the first (here: only) image channel.</summary>
public static class NnUNetNames
{
    /// <summary>The file name without .nii/.nii.gz and without a trailing 4-digit channel suffix (_0000).</summary>
    public static string CaseName(string path)
    {
        string name = Path.GetFileName(path);
        foreach (var ext in new[] { ".nii.gz", ".nii" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { name = name[..^ext.Length]; break; }
        return name.Length > 5 && name[^5] == '_' && name[^4..].All(char.IsDigit) ? name[..^5] : name;
    }
}
