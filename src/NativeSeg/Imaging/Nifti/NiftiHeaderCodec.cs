using System.Buffers.Binary;

namespace NativeSeg.Imaging.Nifti;

/// <summary>
/// Byte layout of the NIfTI-1 (348-byte) and NIfTI-2 (540-byte) headers. The byte order is detected from
/// sizeof_hdr, which must read as 348 or 540 in one of the two orders.
/// </summary>
internal static class NiftiHeaderCodec
{
    public const int Nifti1Size = 348;
    public const int Nifti2Size = 540;
    private static readonly byte[] Nifti2Magic = { (byte)'n', (byte)'+', (byte)'2', 0, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Header size and byte order from the first 4 bytes, or an error naming the value found.</summary>
    public static (int Size, bool BigEndian) Detect(ReadOnlySpan<byte> first4, string file)
    {
        int le = BinaryPrimitives.ReadInt32LittleEndian(first4);
        int be = BinaryPrimitives.ReadInt32BigEndian(first4);
        if (le is Nifti1Size or Nifti2Size) return (le, false);
        if (be is Nifti1Size or Nifti2Size) return (be, true);
        throw new InvalidDataException($"{file}: not a NIfTI file (wrong magic: sizeof_hdr is {le}, expected 348 or 540)");
    }

    public static NiftiHeader Parse(byte[] bytes, string file)
    {
        var (size, big) = Detect(bytes, file);
        if (bytes.Length < size)
            throw new InvalidDataException($"{file}: truncated file (expected {size} header bytes, got {bytes.Length})");
        var b = new EndianBytes(bytes, big);
        return size == Nifti1Size ? ParseV1(b, file, big) : ParseV2(b, file, big);
    }

    private static NiftiHeader ParseV1(EndianBytes b, string file, bool big)
    {
        string magic = b.Text(344, 4);
        if (magic == "ni1")
            throw new InvalidDataException($"{file}: separate .hdr/.img NIfTI pairs are not supported (magic 'ni1'); convert to a single .nii");
        if (magic != "n+1")
            throw new InvalidDataException($"{file}: not a NIfTI-1 file (wrong magic '{Printable(b.Buffer, 344, 4)}', expected 'n+1')");
        var h = new NiftiHeader { Version = 1, BigEndian = big };
        h.DimInfo = b.U8(39);
        for (int i = 0; i < 8; i++) h.Dim[i] = b.I16(40 + 2 * i);
        h.IntentP1 = b.F32(56); h.IntentP2 = b.F32(60); h.IntentP3 = b.F32(64);
        h.IntentCode = b.I16(68);
        h.DataTypeCode = b.I16(70);
        h.BitPix = b.I16(72);
        h.SliceStart = b.I16(74);
        for (int i = 0; i < 8; i++) h.PixDim[i] = b.F32(76 + 4 * i);
        double voxOffset = b.F32(108);
        h.VoxOffset = double.IsFinite(voxOffset) ? (long)voxOffset : -1;
        h.SclSlope = b.F32(112); h.SclInter = b.F32(116);
        h.SliceEnd = b.I16(120);
        h.SliceCode = b.U8(122);
        h.XyztUnits = b.U8(123);
        h.CalMax = b.F32(124); h.CalMin = b.F32(128);
        h.SliceDuration = b.F32(132); h.TOffset = b.F32(136);
        h.Description = b.Text(148, 80);
        h.AuxFile = b.Text(228, 24);
        h.QformCode = b.I16(252); h.SformCode = b.I16(254);
        h.QuaternB = b.F32(256); h.QuaternC = b.F32(260); h.QuaternD = b.F32(264);
        h.QOffsetX = b.F32(268); h.QOffsetY = b.F32(272); h.QOffsetZ = b.F32(276);
        h.SRowX = Enumerable.Range(0, 4).Select(i => (double)b.F32(280 + 4 * i)).ToArray();
        h.SRowY = Enumerable.Range(0, 4).Select(i => (double)b.F32(296 + 4 * i)).ToArray();
        h.SRowZ = Enumerable.Range(0, 4).Select(i => (double)b.F32(312 + 4 * i)).ToArray();
        h.IntentName = b.Text(328, 16);
        return h;
    }

    private static NiftiHeader ParseV2(EndianBytes b, string file, bool big)
    {
        if (!b.Buffer.AsSpan(4, 8).SequenceEqual(Nifti2Magic))
            throw new InvalidDataException($"{file}: not a NIfTI-2 file (wrong magic '{Printable(b.Buffer, 4, 8)}', expected 'n+2')");
        var h = new NiftiHeader { Version = 2, BigEndian = big };
        h.DataTypeCode = b.I16(12);
        h.BitPix = b.I16(14);
        for (int i = 0; i < 8; i++) h.Dim[i] = b.I64(16 + 8 * i);
        h.IntentP1 = b.F64(80); h.IntentP2 = b.F64(88); h.IntentP3 = b.F64(96);
        for (int i = 0; i < 8; i++) h.PixDim[i] = b.F64(104 + 8 * i);
        h.VoxOffset = b.I64(168);
        h.SclSlope = b.F64(176); h.SclInter = b.F64(184);
        h.CalMax = b.F64(192); h.CalMin = b.F64(200);
        h.SliceDuration = b.F64(208); h.TOffset = b.F64(216);
        h.SliceStart = b.I64(224); h.SliceEnd = b.I64(232);
        h.Description = b.Text(240, 80);
        h.AuxFile = b.Text(320, 24);
        h.QformCode = b.I32(344); h.SformCode = b.I32(348);
        h.QuaternB = b.F64(352); h.QuaternC = b.F64(360); h.QuaternD = b.F64(368);
        h.QOffsetX = b.F64(376); h.QOffsetY = b.F64(384); h.QOffsetZ = b.F64(392);
        h.SRowX = Enumerable.Range(0, 4).Select(i => b.F64(400 + 8 * i)).ToArray();
        h.SRowY = Enumerable.Range(0, 4).Select(i => b.F64(432 + 8 * i)).ToArray();
        h.SRowZ = Enumerable.Range(0, 4).Select(i => b.F64(464 + 8 * i)).ToArray();
        h.SliceCode = b.I32(496);
        h.XyztUnits = b.I32(500);
        h.IntentCode = b.I32(504);
        h.IntentName = b.Text(508, 16);
        h.DimInfo = b.U8(524);
        return h;
    }

    /// <summary>Header bytes plus the 4-byte (empty) extension flag, padded to h.VoxOffset.</summary>
    public static byte[] Serialize(NiftiHeader h)
    {
        int size = h.Version == 2 ? Nifti2Size : Nifti1Size;
        var buffer = new byte[h.VoxOffset];
        var b = new EndianBytes(buffer, h.BigEndian);
        b.I32(0, size);
        if (h.Version == 2) WriteV2(b, h); else WriteV1(b, h);
        return buffer;
    }

    private static void WriteV1(EndianBytes b, NiftiHeader h)
    {
        b.U8(38, (byte)'r');
        b.U8(39, h.DimInfo);
        for (int i = 0; i < 8; i++) b.I16(40 + 2 * i, checked((short)h.Dim[i]));
        b.F32(56, (float)h.IntentP1); b.F32(60, (float)h.IntentP2); b.F32(64, (float)h.IntentP3);
        b.I16(68, (short)h.IntentCode);
        b.I16(70, h.DataTypeCode);
        b.I16(72, h.BitPix);
        b.I16(74, (short)h.SliceStart);
        for (int i = 0; i < 8; i++) b.F32(76 + 4 * i, (float)h.PixDim[i]);
        b.F32(108, h.VoxOffset);
        b.F32(112, (float)h.SclSlope); b.F32(116, (float)h.SclInter);
        b.I16(120, (short)h.SliceEnd);
        b.U8(122, (byte)h.SliceCode);
        b.U8(123, (byte)h.XyztUnits);
        b.F32(124, (float)h.CalMax); b.F32(128, (float)h.CalMin);
        b.F32(132, (float)h.SliceDuration); b.F32(136, (float)h.TOffset);
        b.Text(148, 80, h.Description);
        b.Text(228, 24, h.AuxFile);
        b.I16(252, (short)h.QformCode); b.I16(254, (short)h.SformCode);
        b.F32(256, (float)h.QuaternB); b.F32(260, (float)h.QuaternC); b.F32(264, (float)h.QuaternD);
        b.F32(268, (float)h.QOffsetX); b.F32(272, (float)h.QOffsetY); b.F32(276, (float)h.QOffsetZ);
        for (int i = 0; i < 4; i++)
        {
            b.F32(280 + 4 * i, (float)h.SRowX[i]);
            b.F32(296 + 4 * i, (float)h.SRowY[i]);
            b.F32(312 + 4 * i, (float)h.SRowZ[i]);
        }
        b.Text(328, 16, h.IntentName);
        b.Text(344, 4, "n+1");
    }

    private static void WriteV2(EndianBytes b, NiftiHeader h)
    {
        Nifti2Magic.CopyTo(b.Buffer, 4);
        b.I16(12, h.DataTypeCode);
        b.I16(14, h.BitPix);
        for (int i = 0; i < 8; i++) b.I64(16 + 8 * i, h.Dim[i]);
        b.F64(80, h.IntentP1); b.F64(88, h.IntentP2); b.F64(96, h.IntentP3);
        for (int i = 0; i < 8; i++) b.F64(104 + 8 * i, h.PixDim[i]);
        b.I64(168, h.VoxOffset);
        b.F64(176, h.SclSlope); b.F64(184, h.SclInter);
        b.F64(192, h.CalMax); b.F64(200, h.CalMin);
        b.F64(208, h.SliceDuration); b.F64(216, h.TOffset);
        b.I64(224, h.SliceStart); b.I64(232, h.SliceEnd);
        b.Text(240, 80, h.Description);
        b.Text(320, 24, h.AuxFile);
        b.I32(344, h.QformCode); b.I32(348, h.SformCode);
        b.F64(352, h.QuaternB); b.F64(360, h.QuaternC); b.F64(368, h.QuaternD);
        b.F64(376, h.QOffsetX); b.F64(384, h.QOffsetY); b.F64(392, h.QOffsetZ);
        for (int i = 0; i < 4; i++)
        {
            b.F64(400 + 8 * i, h.SRowX[i]);
            b.F64(432 + 8 * i, h.SRowY[i]);
            b.F64(464 + 8 * i, h.SRowZ[i]);
        }
        b.I32(496, h.SliceCode);
        b.I32(500, h.XyztUnits);
        b.I32(504, h.IntentCode);
        b.Text(508, 16, h.IntentName);
        b.U8(524, h.DimInfo);
    }

    private static string Printable(byte[] bytes, int offset, int length) =>
        new(bytes.Skip(offset).Take(length).TakeWhile(c => c != 0).Select(c => c is >= 32 and < 127 ? (char)c : '?').ToArray());
}
