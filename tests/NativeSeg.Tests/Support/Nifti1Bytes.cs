using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Builds NIfTI-1 files byte by byte from the nifti1.h field offsets, independently of the reader under test.
/// </summary>
public sealed class Nifti1Bytes
{
    public bool BigEndian;
    public short[] Dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
    public short DataType = 16;
    public short BitPix = 32;
    public float[] PixDim = { 1, 1, 1, 1, 0, 0, 0, 0 };
    public float VoxOffset = 352;
    public float SclSlope = 1;
    public float SclInter;
    public byte DimInfo;
    public byte XyztUnits = 10;
    public short QformCode;
    public short SformCode;
    public float QuaternB, QuaternC, QuaternD, QOffsetX, QOffsetY, QOffsetZ;
    public float[] SRowX = new float[4], SRowY = new float[4], SRowZ = new float[4];
    public string Magic = "n+1";
    public int SizeofHdr = 348;
    /// <summary>Raw voxel bytes, already in the file's byte order.</summary>
    public byte[] Data = Array.Empty<byte>();

    public byte[] ToBytes()
    {
        var b = new byte[(int)VoxOffset + Data.Length];
        I32(b, 0, SizeofHdr);
        b[38] = (byte)'r';
        b[39] = DimInfo;
        for (int i = 0; i < 8; i++) I16(b, 40 + 2 * i, Dim[i]);
        I16(b, 70, DataType);
        I16(b, 72, BitPix);
        for (int i = 0; i < 8; i++) F32(b, 76 + 4 * i, PixDim[i]);
        F32(b, 108, VoxOffset);
        F32(b, 112, SclSlope);
        F32(b, 116, SclInter);
        b[123] = XyztUnits;
        I16(b, 252, QformCode);
        I16(b, 254, SformCode);
        F32(b, 256, QuaternB); F32(b, 260, QuaternC); F32(b, 264, QuaternD);
        F32(b, 268, QOffsetX); F32(b, 272, QOffsetY); F32(b, 276, QOffsetZ);
        for (int i = 0; i < 4; i++)
        {
            F32(b, 280 + 4 * i, SRowX[i]);
            F32(b, 296 + 4 * i, SRowY[i]);
            F32(b, 312 + 4 * i, SRowZ[i]);
        }
        Encoding.ASCII.GetBytes(Magic).CopyTo(b, 344);
        Data.CopyTo(b, (int)VoxOffset);
        return b;
    }

    public string Save(string path)
    {
        var bytes = ToBytes();
        if (path.EndsWith(".gz"))
        {
            using var file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else File.WriteAllBytes(path, bytes);
        return path;
    }

    public byte[] Int16Data(params short[] values)
    {
        var d = new byte[2 * values.Length];
        for (int i = 0; i < values.Length; i++)
            if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(d.AsSpan(2 * i), values[i]);
            else BinaryPrimitives.WriteInt16LittleEndian(d.AsSpan(2 * i), values[i]);
        return d;
    }

    public byte[] Float32Data(params float[] values)
    {
        var d = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(d.AsSpan(4 * i), values[i]);
            else BinaryPrimitives.WriteSingleLittleEndian(d.AsSpan(4 * i), values[i]);
        return d;
    }

    private void I16(byte[] b, int o, short v)
    {
        if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(o), v);
    }

    private void I32(byte[] b, int o, int v)
    {
        if (BigEndian) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(o), v);
    }

    private void F32(byte[] b, int o, float v)
    {
        if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(o), v);
    }
}
