using System.Buffers.Binary;
using System.Text;

namespace NativeSeg.Imaging.Nifti;

/// <summary>Reads and writes fixed-offset fields of a byte buffer in a chosen byte order.</summary>
internal readonly struct EndianBytes(byte[] buffer, bool bigEndian)
{
    public byte[] Buffer => buffer;

    public short I16(int o) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(o)) : BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(o));
    public int I32(int o) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(o)) : BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(o));
    public long I64(int o) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(o)) : BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(o));
    public float F32(int o) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(buffer.AsSpan(o)) : BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(o));
    public double F64(int o) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(o)) : BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(o));
    public byte U8(int o) => buffer[o];

    public string Text(int o, int length)
    {
        var span = buffer.AsSpan(o, length);
        int end = span.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end >= 0 ? span[..end] : span);
    }

    public void I16(int o, short v) { if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(o), v); }
    public void I32(int o, int v) { if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(o), v); }
    public void I64(int o, long v) { if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(o), v); else BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(o), v); }
    public void F32(int o, float v) { if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(buffer.AsSpan(o), v); else BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(o), v); }
    public void F64(int o, double v) { if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(o), v); else BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(o), v); }
    public void U8(int o, byte v) => buffer[o] = v;

    public void Text(int o, int length, string s)
    {
        var bytes = Encoding.Latin1.GetBytes(s);
        Array.Clear(buffer, o, length);
        Array.Copy(bytes, 0, buffer, o, Math.Min(bytes.Length, length - 1));
    }
}
