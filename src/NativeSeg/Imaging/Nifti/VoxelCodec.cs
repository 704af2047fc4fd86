using System.Buffers.Binary;

namespace NativeSeg.Imaging.Nifti;

/// <summary>Converts between the on-disk voxel bytes of each datatype and float32 values.</summary>
internal static class VoxelCodec
{
    /// <summary>Decodes raw voxels and applies value = raw·slope + inter (in double) when the header asks for it.</summary>
    public static void Decode(ReadOnlySpan<byte> raw, NiftiDataType type, bool bigEndian, double slope, double inter, Span<float> output)
    {
        int n = output.Length;
        bool be = bigEndian;
        switch (type)
        {
            case NiftiDataType.UInt8: for (int i = 0; i < n; i++) output[i] = raw[i]; break;
            case NiftiDataType.Int8: for (int i = 0; i < n; i++) output[i] = (sbyte)raw[i]; break;
            case NiftiDataType.Int16:
                for (int i = 0; i < n; i++) { var s = raw.Slice(2 * i, 2); output[i] = be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s); }
                break;
            case NiftiDataType.UInt16:
                for (int i = 0; i < n; i++) { var s = raw.Slice(2 * i, 2); output[i] = be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s); }
                break;
            case NiftiDataType.Int32:
                for (int i = 0; i < n; i++) { var s = raw.Slice(4 * i, 4); output[i] = be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s); }
                break;
            case NiftiDataType.UInt32:
                for (int i = 0; i < n; i++) { var s = raw.Slice(4 * i, 4); output[i] = be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s); }
                break;
            case NiftiDataType.Float32:
                for (int i = 0; i < n; i++) { var s = raw.Slice(4 * i, 4); output[i] = be ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s); }
                break;
            case NiftiDataType.Float64:
                for (int i = 0; i < n; i++) { var s = raw.Slice(8 * i, 8); output[i] = (float)(be ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s)); }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
        if (slope != 1 || inter != 0)
            for (int i = 0; i < n; i++) output[i] = (float)(output[i] * slope + inter);
    }

    /// <summary>
    /// Encodes float values; integer types are rounded half away from zero and clamped to their range
    /// (NaN becomes 0), so masks and label maps survive exactly.
    /// </summary>
    public static void Encode(ReadOnlySpan<float> values, NiftiDataType type, bool bigEndian, Span<byte> raw)
    {
        var (lo, hi) = type.Range();
        bool be = bigEndian;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (type.IsInteger()) v = double.IsNaN(v) ? 0 : Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), lo, hi);
            switch (type)
            {
                case NiftiDataType.UInt8: raw[i] = (byte)v; break;
                case NiftiDataType.Int8: raw[i] = (byte)(sbyte)v; break;
                case NiftiDataType.Int16:
                    if (be) BinaryPrimitives.WriteInt16BigEndian(raw.Slice(2 * i), (short)v); else BinaryPrimitives.WriteInt16LittleEndian(raw.Slice(2 * i), (short)v);
                    break;
                case NiftiDataType.UInt16:
                    if (be) BinaryPrimitives.WriteUInt16BigEndian(raw.Slice(2 * i), (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(raw.Slice(2 * i), (ushort)v);
                    break;
                case NiftiDataType.Int32:
                    if (be) BinaryPrimitives.WriteInt32BigEndian(raw.Slice(4 * i), (int)v); else BinaryPrimitives.WriteInt32LittleEndian(raw.Slice(4 * i), (int)v);
                    break;
                case NiftiDataType.UInt32:
                    if (be) BinaryPrimitives.WriteUInt32BigEndian(raw.Slice(4 * i), (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(raw.Slice(4 * i), (uint)v);
                    break;
                case NiftiDataType.Float32:
                    if (be) BinaryPrimitives.WriteSingleBigEndian(raw.Slice(4 * i), values[i]); else BinaryPrimitives.WriteSingleLittleEndian(raw.Slice(4 * i), values[i]);
                    break;
                case NiftiDataType.Float64:
                    if (be) BinaryPrimitives.WriteDoubleBigEndian(raw.Slice(8 * i), v); else BinaryPrimitives.WriteDoubleLittleEndian(raw.Slice(8 * i), v);
                    break;
                default: throw new ArgumentOutOfRangeException(nameof(type));
            }
        }
    }
}
