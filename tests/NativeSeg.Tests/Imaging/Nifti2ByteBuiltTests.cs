using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Buffers.Binary;
using System.Text;

namespace NativeSeg.Tests.Imaging;

/// <summary>A NIfTI-2 file assembled from the nifti2.h offsets (540-byte header, 64-bit dims, double fields).</summary>
public class Nifti2ByteBuiltTests
{
    internal static byte[] Build(bool big, short datatype, long[] dim, double[] pixdim, int sformCode, double[][] srows, byte[] data)
    {
        var b = new byte[544 + data.Length];
        void I16(int o, short v) { if (big) BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(o), v); }
        void I32(int o, int v) { if (big) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(o), v); }
        void I64(int o, long v) { if (big) BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(o), v); }
        void F64(int o, double v) { if (big) BinaryPrimitives.WriteDoubleBigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(o), v); }
        I32(0, 540);
        Encoding.ASCII.GetBytes("n+2\0\r\n\u001a\n").CopyTo(b, 4);
        I16(12, datatype);
        I16(14, 16);
        for (int i = 0; i < 8; i++) I64(16 + 8 * i, dim[i]);
        for (int i = 0; i < 8; i++) F64(104 + 8 * i, pixdim[i]);
        I64(168, 544);
        F64(176, 1);
        I32(348, sformCode);
        for (int i = 0; i < 4; i++)
        {
            F64(400 + 8 * i, srows[0][i]);
            F64(432 + 8 * i, srows[1][i]);
            F64(464 + 8 * i, srows[2][i]);
        }
        I32(500, 10);
        data.CopyTo(b, 544);
        return b;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nifti2_with_sform_and_int16_reads_back(bool big)
    {
        using var tmp = new TempFolder();
        short[] values = { 5, -6, 700, -8000, 9, 10 };
        var data = new byte[12];
        for (int i = 0; i < 6; i++)
            if (big) BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * i), values[i]); else BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), values[i]);
        var srows = new[] { new[] { 0.3, 0, 0.1, -1.123456789 }, new[] { 0, 0.4, 0, 2.0 }, new[] { 0, 0, 2.5, 3.0 } };
        string path = tmp.File("two.nii");
        File.WriteAllBytes(path, Build(big, 4, new long[] { 3, 3, 2, 1, 1, 1, 1, 1 }, new[] { 1, 0.3, 0.4, 2.5, 0, 0, 0, 0 }, 3, srows, data));

        var v = NiftiReader.Read(path);
        Assert.Equal(new Shape3(3, 2, 1), v.Shape);
        Assert.Equal(values.Select(x => (float)x), v.Voxels);
        var expected = new Affine(srows[0].Concat(srows[1]).Concat(srows[2]).Concat(new double[] { 0, 0, 0, 1 }).ToArray());
        Assert.Equal(0, v.Affine.MaxAbsDifference(expected)); // double precision kept exactly
        var h = NiftiReader.ReadHeader(path);
        Assert.Equal((2, big, NiftiDataType.Int16), (h.Version, h.BigEndian, h.DataType));
    }

    [Fact]
    public void DimsWhoseProductOverflowsALongAreRefusedAsTooLarge()
    {
        // 2^21 cubed voxels = 2^63: a long product wraps to a negative count that once passed the size check.
        using var tmp = new TempFolder();
        string path = tmp.File("huge.nii");
        File.WriteAllBytes(path, Build(false, 16, [3, 1 << 21, 1 << 21, 1 << 21, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1], 0,
            [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], new byte[8]));
        var e = Assert.Throws<InvalidDataException>(() => NiftiReader.Read(path));
        Assert.Contains("image too large", e.Message);
    }
}
