using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Imaging;

public class NiftiRoundTripTests
{
    public static IEnumerable<object[]> Cases() =>
        from type in Enum.GetValues<NiftiDataType>()
        from big in new[] { false, true }
        from version in new[] { 1, 2 }
        select new object[] { type, big, version };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_datatype_byte_order_and_version_round_trips_exactly(NiftiDataType type, bool bigEndian, int version)
    {
        using var tmp = new TempFolder();
        var shape = new Shape3(5, 4, 3);
        var (lo, hi) = type.Range();
        var rng = new Random(7);
        var voxels = new float[shape.Count];
        for (int i = 0; i < voxels.Length; i++)
        {
            // Integers small enough to be exact in float32; floats arbitrary.
            voxels[i] = type.IsInteger()
                ? (float)Math.Round(Math.Clamp(rng.Next(-70000, 70000) / (type.BytesPerVoxel() == 1 ? 500.0 : 1.0), lo, hi))
                : (float)(rng.NextDouble() * 2000 - 1000);
        }
        voxels[0] = (float)Math.Max(lo, -16_000_000);
        voxels[1] = (float)Math.Min(hi, 16_000_000);
        var affine = new Affine(new[] { -0.9, 0.1, 0, 12.5, 0.05, 1.1, 0.2, -30, 0, -0.1, 3.0, 7.25, 0, 0, 0, 1 });
        var volume = new Volume(shape, voxels, affine.ColumnNorms(), affine);

        foreach (var name in new[] { "a.nii", "a.nii.gz" })
        {
            string path = tmp.File(name);
            NiftiWriter.Write(volume, path, type, new NiftiFormat(version, bigEndian));
            var header = NiftiReader.ReadHeader(path);
            Assert.Equal(version, header.Version);
            Assert.Equal(bigEndian, header.BigEndian);
            Assert.Equal(type, header.DataType);
            var back = NiftiReader.Read(path);
            Assert.Equal(shape, back.Shape);
            Assert.Equal(voxels, back.Voxels);
            // NIfTI-1 stores the sform in float32.
            Assert.True(back.Affine.MaxAbsDifference(affine) < (version == 1 ? 1e-5 : 1e-12));
        }
        Assert.Equal(2, Directory.GetFiles(tmp.Path).Length); // no temporary files left behind
    }

    [Fact]
    public void Qform_written_from_an_affine_reproduces_its_rotation()
    {
        var s = new Spacing(0.8, 0.9, 2.5);
        // An arbitrary rotation with a reflection (det < 0), i.e. qfac = -1.
        var r = RotationFixtures.Rodrigues(new[] { 1.0, -2.0, 2.0 }, 0.7);
        var m = new double[16];
        for (int row = 0; row < 3; row++)
        {
            m[row * 4 + 0] = r[row, 0] * s.X;
            m[row * 4 + 1] = r[row, 1] * s.Y;
            m[row * 4 + 2] = -r[row, 2] * s.Z;
            m[row * 4 + 3] = 10 * row - 4;
        }
        m[15] = 1;
        var h = new NiftiHeader();
        h.SetGeometry(new Affine(m));
        Assert.Equal(-1, h.PixDim[0]);
        Assert.True(h.QformAffine().MaxAbsDifference(new Affine(m)) < 1e-12);
    }

    [Fact]
    public void Writing_a_sibling_copies_the_reference_geometry_exactly()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes
        {
            Dim = new short[] { 3, 3, 2, 2, 1, 1, 1, 1 },
            PixDim = new float[] { -1, 1.2f, 0.7f, 3.3f, 0, 0, 0, 0 },
            QformCode = 2, SformCode = 4, DimInfo = 0x39, XyztUnits = 2,
            QuaternB = 0.1f, QuaternC = -0.2f, QuaternD = 0.3f, QOffsetX = 1, QOffsetY = 2, QOffsetZ = 3,
            SRowX = new[] { 1.1f, 0, 0.2f, -5 }, SRowY = new[] { 0, 0.7f, 0, 6 }, SRowZ = new[] { 0.1f, 0, 3.3f, 7 },
        };
        b.Data = b.Float32Data(Enumerable.Range(0, 12).Select(i => (float)i).ToArray());
        var reference = NiftiReader.Read(b.Save(tmp.File("ref.nii")));

        string maskPath = tmp.File("mask.nii.gz");
        NiftiWriter.WriteMask(reference, Enumerable.Range(0, 12).Select(i => (byte)(i % 3)).ToArray(), maskPath);
        var src = (NiftiHeader)reference.Header!;
        var h = NiftiReader.ReadHeader(maskPath);
        Assert.Equal(NiftiDataType.UInt8, h.DataType);
        Assert.Equal(src.PixDim, h.PixDim);
        Assert.Equal((src.QformCode, src.SformCode, src.DimInfo, src.XyztUnits), (h.QformCode, h.SformCode, h.DimInfo, h.XyztUnits));
        Assert.Equal((src.QuaternB, src.QuaternC, src.QuaternD), (h.QuaternB, h.QuaternC, h.QuaternD));
        Assert.Equal((src.QOffsetX, src.QOffsetY, src.QOffsetZ), (h.QOffsetX, h.QOffsetY, h.QOffsetZ));
        Assert.Equal(src.SRowX, h.SRowX);
        Assert.Equal(src.SRowY, h.SRowY);
        Assert.Equal(src.SRowZ, h.SRowZ);
        var mask = NiftiReader.Read(maskPath);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)(i % 3)), mask.Voxels);
    }

    [Fact]
    public void A_4D_image_needs_a_volume_index()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { Dim = new short[] { 4, 2, 1, 1, 3, 1, 1, 1 } };
        b.Data = b.Float32Data(0, 1, 10, 11, 20, 21);
        string path = b.Save(tmp.File("four.nii"));
        var e = Assert.Throws<InvalidDataException>(() => NiftiReader.Read(path));
        Assert.Contains("4D image (shape 2x1x1x3)", e.Message);
        Assert.Contains("--volume N", e.Message);
        Assert.Equal(new float[] { 20, 21 }, NiftiReader.Read(path, 2).Voxels);
        Assert.Equal(6, NiftiReader.ReadImage(path).Data.Length);
    }
}
