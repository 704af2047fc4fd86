namespace NativeSeg.Imaging.Nifti;

/// <summary>On-disk choices for <see cref="NiftiWriter"/>: NIfTI version (1 or 2) and byte order.</summary>
public sealed record NiftiFormat(int Version = 1, bool BigEndian = false);
