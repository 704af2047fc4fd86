using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Nifti;

/// <summary>
/// Writes a <see cref="Volume"/> as a single-file NIfTI (.nii or .nii.gz, chosen by the extension).
/// The file appears only when complete (temporary name in the same folder, then rename).
/// </summary>
public static class NiftiWriter
{
    /// <summary>
    /// Writes <paramref name="volume"/>. When its <see cref="Volume.Header"/> is a NIfTI header of the same
    /// grid (as for volumes from <see cref="NiftiReader"/> and their <see cref="Volume.WithVoxels"/> siblings),
    /// the geometry fields are copied exactly (qform/sform codes and parameters, pixdim, xyzt_units, dim_info);
    /// otherwise sform and qform (both code 1, scanner) are built from <see cref="Volume.Affine"/>.
    /// Values are written as they are (scl_slope 1, scl_inter 0); integer types round and clamp.
    /// </summary>
    /// <param name="description">The header's 80-character description (default "NativeSeg"); predictions name their model here.</param>
    public static void Write(Volume volume, string path, NiftiDataType type = NiftiDataType.Float32, NiftiFormat? format = null, string? description = null)
    {
        var header = BuildHeader(volume, type, format);
        if (description is not null) header.Description = description.Length <= 80 ? description : description[..80];
        var headerBytes = NiftiHeaderCodec.Serialize(header);
        var raw = new byte[volume.Voxels.LongLength * type.BytesPerVoxel()];
        VoxelCodec.Encode(volume.Voxels, type, header.BigEndian, raw);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(headerBytes);
            stream.Write(raw);
        });
    }

    /// <summary>Writes a label mask (uint8) on the grid of <paramref name="reference"/>, copying its geometry.</summary>
    public static void WriteMask(Volume reference, byte[] mask, string path, string? description = null)
    {
        var values = new float[mask.Length];
        for (int i = 0; i < mask.Length; i++) values[i] = mask[i];
        WriteMask(reference, values, path, description);
    }

    /// <summary>Writes a label mask (uint8, values rounded) on the grid of <paramref name="reference"/>, copying its geometry.</summary>
    public static void WriteMask(Volume reference, float[] mask, string path, string? description = null) =>
        Write(reference.WithVoxels(mask), path, NiftiDataType.UInt8, description: description);

    /// <summary>The header <see cref="Write"/> would write (exposed for tests and tools).</summary>
    public static NiftiHeader BuildHeader(Volume volume, NiftiDataType type, NiftiFormat? format = null)
    {
        var source = volume.Header as NiftiHeader;
        bool copyGeometry = source != null
                            && source.SpatialShape == volume.Shape
                            && source.BestAffine().MaxAbsDifference(volume.Affine) <= 1e-4 * (1 + MaxAbs(volume.Affine));
        var h = new NiftiHeader();
        if (copyGeometry)
        {
            var s = source!;
            h.PixDim = (double[])s.PixDim.Clone();
            h.QformCode = s.QformCode; h.SformCode = s.SformCode;
            h.QuaternB = s.QuaternB; h.QuaternC = s.QuaternC; h.QuaternD = s.QuaternD;
            h.QOffsetX = s.QOffsetX; h.QOffsetY = s.QOffsetY; h.QOffsetZ = s.QOffsetZ;
            h.SRowX = (double[])s.SRowX.Clone(); h.SRowY = (double[])s.SRowY.Clone(); h.SRowZ = (double[])s.SRowZ.Clone();
            h.XyztUnits = s.XyztUnits;
            h.DimInfo = s.DimInfo;
            h.SliceCode = s.SliceCode; h.SliceStart = s.SliceStart; h.SliceEnd = s.SliceEnd; h.SliceDuration = s.SliceDuration;
        }
        else
        {
            h.SetGeometry(volume.Affine);
        }

        var shape = volume.Shape;
        bool needsV2 = shape.X > short.MaxValue || shape.Y > short.MaxValue || shape.Z > short.MaxValue;
        h.Version = format?.Version ?? (needsV2 ? 2 : source?.Version ?? 1);
        if (h.Version is not (1 or 2)) throw new UserInputException($"NIfTI version {h.Version}: expected 1 or 2");
        if (h.Version == 1 && needsV2) throw new UserInputException($"shape {shape} does not fit NIfTI-1 (sizes above 32767); write NIfTI-2");
        h.BigEndian = format?.BigEndian ?? false;
        h.Dim = new long[] { 3, shape.X, shape.Y, shape.Z, 1, 1, 1, 1 };
        h.DataTypeCode = (short)type;
        h.BitPix = (short)(8 * type.BytesPerVoxel());
        h.VoxOffset = h.Version == 2 ? 544 : 352;
        h.SclSlope = 1;
        h.SclInter = 0;
        h.Description = "NativeSeg";
        return h;
    }

    private static double MaxAbs(Affine a) => a.ToRowMajor().Max(Math.Abs);
}
