using System.IO.Compression;

namespace NativeSeg.Imaging.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 and NIfTI-2 images (.nii, or gzip-compressed .nii.gz), either byte order.
/// Every problem with the file is an <see cref="InvalidDataException"/> whose message starts with the file name.
/// </summary>
public static class NiftiReader
{
    /// <summary>Reads a 3D image; a 4D image is refused with a message asking for a volume index.</summary>
    public static Volume Read(string path) => Read(path, null);

    /// <summary>Reads a 3D image, or volume <paramref name="volumeIndex"/> (0-based) of a 4D image.</summary>
    public static Volume Read(string path, int? volumeIndex)
    {
        var image = ReadImage(path);
        if (volumeIndex is null && image.VolumeCount > 1)
            throw new InvalidDataException(
                $"{path}: 4D image (shape {string.Join("x", image.Header.Shape)}); this command needs 3D, pass --volume N");
        return image.GetVolume(volumeIndex ?? 0);
    }

    /// <summary>Reads and checks only the header (a .nii.gz is decompressed only as far as the header).</summary>
    public static NiftiHeader ReadHeader(string path)
    {
        using var stream = Open(path, wholeFile: false);
        return ReadAndCheckHeader(stream, path);
    }

    /// <summary>Reads every volume of the file.</summary>
    public static NiftiImage ReadImage(string path)
    {
        // The header is read and checked first (a .nii.gz inflated only as far as it), so a small file that declares
        // or inflates to gigabytes is refused before memory is spent on it.
        NiftiHeader declared;
        try { declared = ReadHeader(path); }
        catch (InvalidDataException)
        {
            // A corrupt deflate stream can decode its first bytes to garbage: report the broken gzip, not the garbage.
            RequireIntactGzip(path, 64L << 20);
            throw;
        }
        long payload = declared.VoxOffset + declared.SpatialShape.Count * declared.VolumeCount * declared.DataType.BytesPerVoxel();
        using var stream = Open(path, wholeFile: true, inflateLimit: payload + InflateSlack);
        var header = ReadAndCheckHeader(stream, path);
        int headerSize = header.Version == 2 ? NiftiHeaderCodec.Nifti2Size : NiftiHeaderCodec.Nifti1Size;
        Skip(stream, header.VoxOffset - headerSize, path, header);

        long count = header.SpatialShape.Count * header.VolumeCount;
        int bpv = header.DataType.BytesPerVoxel();
        var raw = new byte[count * bpv];
        int got = Guarded(path, () => stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false));
        if (got < raw.Length) throw DataSizeMismatch(path, header, header.VoxOffset + got);

        var data = new float[count];
        double slope = header.HasScaling ? header.SclSlope : 1;
        double inter = header.HasScaling && double.IsFinite(header.SclInter) ? header.SclInter : 0;
        VoxelCodec.Decode(raw, header.DataType, header.BigEndian, slope, inter, data);
        return new NiftiImage(header, data, path);
    }

    /// <summary>A copy of a (possibly 4D) header describing one 3D volume.</summary>
    internal static NiftiHeader As3D(NiftiHeader h)
    {
        var c = h.Clone();
        c.Dim[0] = 3;
        for (int d = 1; d <= 3; d++) if (d > h.Rank) c.Dim[d] = 1;
        for (int d = 4; d < 8; d++) c.Dim[d] = 1;
        return c;
    }

    /// <summary>Inflates up to <paramref name="limit"/> bytes of a gzip file to find a corrupt stream (a no-op for other files).</summary>
    private static void RequireIntactGzip(string path, long limit)
    {
        using var stream = Open(path, wholeFile: false);
        if (stream is not GZipStream) return;
        var buffer = new byte[1 << 16];
        long total = 0;
        Guarded(path, () =>
        {
            int read;
            while (total < limit && (read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
            return 0;
        });
    }

    /// <summary>Bytes a .nii.gz may inflate to beyond what its header describes (extensions, trailing padding).</summary>
    public const long InflateSlack = 1 << 20;

    private static Stream Open(string path, bool wholeFile, long inflateLimit = long.MaxValue)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var magic = new byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (!gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            file.Dispose();
            throw new InvalidDataException($"{path}: broken gzip file (no gzip signature)");
        }
        if (!gzip) return file;
        var inflating = new GZipStream(file, CompressionMode.Decompress);
        if (!wholeFile) return inflating;
        using (inflating)
        {
            var memory = new MemoryStream();
            var buffer = new byte[1 << 16];
            bool exceeded = Guarded(path, () =>
            {
                int read;
                while ((read = inflating.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (memory.Length + read > inflateLimit) return true;
                    memory.Write(buffer, 0, read);
                }
                return false;
            });
            if (exceeded)
                throw new InvalidDataException($"{path}: inflates to more than {inflateLimit} bytes, more than its header describes (refused before it fills memory)");
            memory.Position = 0;
            return memory;
        }
    }

    private static NiftiHeader ReadAndCheckHeader(Stream stream, string path)
    {
        var first = new byte[4];
        int n = Guarded(path, () => stream.ReadAtLeast(first, 4, throwOnEndOfStream: false));
        if (n < 4) throw new InvalidDataException($"{path}: truncated file (expected at least 348 header bytes, got {n})");
        var (size, _) = NiftiHeaderCodec.Detect(first, path);
        var bytes = new byte[size];
        first.CopyTo(bytes, 0);
        n = 4 + Guarded(path, () => stream.ReadAtLeast(bytes.AsSpan(4), size - 4, throwOnEndOfStream: false));
        if (n < size) throw new InvalidDataException($"{path}: truncated file (expected {size} header bytes, got {n})");
        var header = NiftiHeaderCodec.Parse(bytes, path);
        Check(header, path);
        return header;
    }

    private static void Check(NiftiHeader h, string path)
    {
        if (h.Rank is < 1 or > 7) throw new InvalidDataException($"{path}: invalid dim[0] = {h.Rank} (must be 1 to 7)");
        for (int d = 1; d <= h.Rank; d++)
            if (h.Dim[d] < 1) throw new InvalidDataException($"{path}: invalid dim[{d}] = {h.Dim[d]} (sizes must be at least 1)");
        // In double, every dim included: dims of 2^21 cubed, or seven dims of 2^16, overflow a long product to a count
        // that would pass a long comparison (or to 0: an "image" with no voxels whose mean is NaN).
        if (h.Dim.Skip(1).Take(3).Any(d => d > int.MaxValue) || h.Dim.Skip(1).Take(h.Rank).Aggregate(8.0, (p, d) => p * d) > Array.MaxLength)
            throw new InvalidDataException($"{path}: image too large ({string.Join("x", h.Shape)} voxels)");
        if (!NiftiDataTypes.IsSupported(h.DataTypeCode))
            throw new InvalidDataException($"{path}: unsupported datatype code {h.DataTypeCode} (supported: uint8, int8, int16, uint16, int32, uint32, float32, float64)");
        for (int d = 1; d <= Math.Min(3, h.Rank); d++)
            if (!double.IsFinite(h.PixDim[d]) || h.PixDim[d] <= 0)
                throw new InvalidDataException($"{path}: invalid pixdim[{d}] = {h.PixDim[d]} (voxel sizes must be positive and finite)");
        int headerSize = h.Version == 2 ? NiftiHeaderCodec.Nifti2Size : NiftiHeaderCodec.Nifti1Size;
        if (h.VoxOffset < headerSize)
            throw new InvalidDataException($"{path}: invalid vox_offset {h.VoxOffset} (must be at least {headerSize})");
        var best = h.BestAffine();
        string source = h.SformCode > 0 ? "sform" : h.QformCode > 0 ? "qform" : "pixdim";
        if (best.ToRowMajor().Any(v => !double.IsFinite(v)))
            throw new InvalidDataException($"{path}: the {source} affine has non-finite entries");
        if (best.Linear.Determinant == 0)
            throw new InvalidDataException($"{path}: the {source} affine is singular (a voxel axis has no direction)");
    }

    private static void Skip(Stream stream, long count, string path, NiftiHeader header)
    {
        var buffer = new byte[Math.Min(count, 1 << 16)];
        long left = count;
        while (left > 0)
        {
            int n = Guarded(path, () => stream.Read(buffer, 0, (int)Math.Min(left, buffer.Length)));
            if (n == 0) throw DataSizeMismatch(path, header, header.VoxOffset - left);
            left -= n;
        }
    }

    private static InvalidDataException DataSizeMismatch(string path, NiftiHeader h, long fileBytes) =>
        new($"{path}: truncated file or dims that do not match the data size (shape {string.Join("x", h.Shape)} of {h.DataType.Name()} " +
            $"needs {h.VoxOffset + h.SpatialShape.Count * h.VolumeCount * h.DataType.BytesPerVoxel()} bytes including vox_offset {h.VoxOffset}, the file has {fileBytes})");

    /// <summary>Runs a read, turning a corrupt gzip stream into a one-line message naming the file.</summary>
    private static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: broken gzip stream ({e.Message.TrimEnd('.')})");
        }
    }
}
