using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;

namespace NativeSeg.Tests.Imaging;

/// <summary>Files assembled byte by byte in the test, read back and compared with independently computed geometry.</summary>
public class NiftiByteBuiltTests
{
    [Theory]
    [InlineData(false, 1f)]
    [InlineData(true, 1f)]
    [InlineData(true, -1f)]
    public void Qform_only_file_gives_the_rotation_times_voxel_sizes(bool bigEndian, float qfac)
    {
        using var tmp = new TempFolder();
        double[] axis = { 0.3, -1, 0.5 };
        double angle = 2.2;
        var (qb, qc, qd) = RotationFixtures.Quaternion(axis, angle);
        var b = new Nifti1Bytes
        {
            BigEndian = bigEndian,
            Dim = new short[] { 3, 2, 2, 1, 1, 1, 1, 1 },
            DataType = 4, BitPix = 16,
            PixDim = new[] { qfac, 0.5f, 0.75f, 2.5f, 0, 0, 0, 0 },
            QformCode = 1,
            QuaternB = (float)qb, QuaternC = (float)qc, QuaternD = (float)qd,
            QOffsetX = -10, QOffsetY = 20.5f, QOffsetZ = 3,
        };
        b.Data = b.Int16Data(-3, 1000, 7, -32768);
        var v = NiftiReader.Read(b.Save(tmp.File("q.nii")));

        var r = RotationFixtures.Rodrigues(axis, angle);
        double[] zoom = { 0.5, 0.75, 2.5 * qfac };
        double[] offset = { -10, 20.5, 3 };
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
                Assert.Equal(r[row, col] * zoom[col], v.Affine[row, col], 5);
            Assert.Equal(offset[row], v.Affine[row, 3], 6);
        }
        Assert.Equal(new float[] { -3, 1000, 7, -32768 }, v.Voxels);
        Assert.Equal(new Spacing(0.5, 0.75, 2.5), v.Spacing);
    }

    [Fact]
    public void Sform_wins_over_qform_and_is_read_verbatim()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes
        {
            BigEndian = true,
            Dim = new short[] { 3, 1, 1, 2, 1, 1, 1, 1 },
            PixDim = new float[] { 1, 2, 2, 2, 0, 0, 0, 0 },
            QformCode = 1, QuaternB = 0.5f, // a different geometry: must be ignored
            SformCode = 2,
            SRowX = new[] { 0f, 0, -2, 90 }, SRowY = new[] { 2f, 0, 0, -126 }, SRowZ = new[] { 0f, -2, 0, 72 },
        };
        b.Data = b.Float32Data(1.5f, -2.25f);
        var v = NiftiReader.Read(b.Save(tmp.File("s.nii.gz")));
        var expected = new Affine(new double[] { 0, 0, -2, 90, 2, 0, 0, -126, 0, -2, 0, 72, 0, 0, 0, 1 });
        Assert.Equal(0, v.Affine.MaxAbsDifference(expected));
        Assert.Equal(new[] { 1.5f, -2.25f }, v.Voxels);
        Assert.Equal("AIL", Orientation.AxisCodes(v.Affine));
    }

    [Fact]
    public void No_codes_means_diagonal_pixdim()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { PixDim = new float[] { 1, 0.5f, 0.6f, 4, 0, 0, 0, 0 } };
        b.Data = b.Float32Data(3);
        var v = NiftiReader.Read(b.Save(tmp.File("d.nii")));
        Assert.Equal(0, v.Affine.MaxAbsDifference(Affine.Diagonal(new Spacing(0.5, 0.6000000238418579, 4))));
    }

    [Theory]
    [InlineData(0.5f, 10f, new float[] { 8.5f, 510f, 13.5f })]
    [InlineData(0f, 10f, new float[] { -3f, 1000f, 7f })]          // slope 0: scaling ignored
    [InlineData(float.NaN, 10f, new float[] { -3f, 1000f, 7f })]   // slope NaN: scaling ignored
    [InlineData(2f, float.NaN, new float[] { -6f, 2000f, 14f })]   // NaN intercept counts as 0
    public void Scaled_int16_applies_slope_and_intercept_like_nibabel(float slope, float inter, float[] expected)
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { Dim = new short[] { 3, 3, 1, 1, 1, 1, 1, 1 }, DataType = 4, BitPix = 16, SclSlope = slope, SclInter = inter };
        b.Data = b.Int16Data(-3, 1000, 7);
        Assert.Equal(expected, NiftiReader.Read(b.Save(tmp.File("scaled.nii"))).Voxels);
    }

    [Fact]
    public void Vox_offset_beyond_352_is_honoured()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { Dim = new short[] { 3, 2, 1, 1, 1, 1, 1, 1 }, VoxOffset = 400 };
        b.Data = b.Float32Data(4, 5);
        Assert.Equal(new float[] { 4, 5 }, NiftiReader.Read(b.Save(tmp.File("o.nii"))).Voxels);
    }

    [Theory]
    [InlineData(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, "RAS")]
    [InlineData(new double[] { -1, 0, 0, 0, -1, 0, 0, 0, 1 }, "LPS")]
    [InlineData(new double[] { -1, 0, 0, 0, 1, 0, 0, 0, 1 }, "LAS")]
    [InlineData(new double[] { 0, 0.9, 0, 0, 0, -1, 3, 0.1, 0 }, "SRP")]
    public void Orientation_codes_follow_the_dominant_world_axis(double[] m3, string expected)
    {
        var m = new double[] { m3[0], m3[1], m3[2], 0, m3[3], m3[4], m3[5], 0, m3[6], m3[7], m3[8], 0, 0, 0, 0, 1 };
        Assert.Equal(expected, Orientation.AxisCodes(new Affine(m)));
    }
}
