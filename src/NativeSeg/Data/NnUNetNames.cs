namespace NativeSeg.Data;

/// <summary>nnU-Net file naming: case.nii.gz for masks, case_0000.nii.gz for the first (here: only) image channel.</summary>
public static class NnUNetNames
{
    /// <summary>The extension NativeSeg writes (dataset.json's file_ending).</summary>
    public const string Extension = ".nii.gz";

    /// <summary>The channel suffix of the first (here: only) image channel.</summary>
    public const string ChannelZero = "_0000";

    /// <summary>What `predict` writes beside a case's mask: &lt;mask stem&gt; + suffix, same extension.</summary>
    public const string ProbabilitySuffix = "_prob", UncertaintySuffix = "_uncertainty", MutualInformationSuffix = "_mutual-information";

    public static string ImageFile(string caseName) => caseName + ChannelZero + Extension;

    public static string MaskFile(string caseName) => caseName + Extension;

    /// <summary>The NIfTI file endings NativeSeg reads, compressed first.</summary>
    public static readonly string[] NiftiExtensions = [".nii.gz", ".nii"];

    /// <summary><paramref name="stem"/>.nii.gz or .nii in <paramref name="dir"/>, whichever exists (null: neither).</summary>
    public static string? FindNifti(string dir, string stem) => NiftiExtensions.Select(e => Path.Combine(dir, stem + e)).FirstOrDefault(File.Exists);

    /// <summary>The file name without .nii/.nii.gz (any case), or null when it has neither.</summary>
    public static string? NiftiStem(string path)
    {
        string name = Path.GetFileName(path);
        foreach (var ext in NiftiExtensions)
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return null;
    }

    /// <summary>".nii.gz" or ".nii" as <paramref name="path"/> ends (".nii" when neither).</summary>
    public static string NiftiExtension(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? ".nii.gz" : ".nii";

    /// <summary>The file name without .nii/.nii.gz: a mask's case name (which may itself end in digits, e.g. case_0014).</summary>
    public static string Stem(string path) => NiftiStem(path) ?? Path.GetFileName(path);

    /// <summary>An image-style stem without its trailing 4-digit channel suffix (case_0014_0000 -> case_0014).</summary>
    public static string WithoutChannel(string stem) =>
        stem.Length > 5 && stem[^5] == '_' && stem[^4..].All(char.IsDigit) ? stem[..^5] : stem;
}
