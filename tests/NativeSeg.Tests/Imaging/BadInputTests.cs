using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Imaging;

/// <summary>What the hostile corpus (Hostile/HostileCorpus.cs) does not cover: the finiteness check's message and atomic writes.</summary>
[Collection("Console")]
public class BadInputTests
{
    private static Nifti1Bytes Valid()
    {
        var b = new Nifti1Bytes { Dim = new short[] { 3, 2, 2, 2, 1, 1, 1, 1 } };
        b.Data = b.Float32Data(1, 2, 3, 4, 5, 6, 7, 8);
        return b;
    }

    [Fact]
    public void Non_finite_voxels_are_named_by_RequireFinite()
    {
        using var tmp = new TempFolder();
        var b = Valid();
        b.Data = b.Float32Data(1, 2, float.NaN, 4, 5, float.PositiveInfinity, 7, 8);
        string path = b.Save(tmp.File("nan.nii"));
        var v = NiftiReader.Read(path);
        var e = Assert.Throws<InvalidDataException>(() => VolumeChecks.RequireFinite(v, path));
        Assert.StartsWith(path + ": 2 voxel(s) are NaN or infinite (first at i,j,k = 0,1,0", e.Message);
        string okPath = Valid().Save(tmp.File("ok.nii"));
        VolumeChecks.RequireFinite(NiftiReader.Read(okPath), okPath); // finite: no exception
    }

    [Fact]
    public void A_failed_write_leaves_no_file_behind()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("out.nii.gz");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }
}

[Collection("Console")]
public class InfoCommandTests
{
    [Fact]
    public void Json_reports_geometry_and_statistics_of_a_byte_built_file()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes
        {
            Dim = new short[] { 3, 3, 1, 1, 1, 1, 1, 1 }, DataType = 4, BitPix = 16, SclSlope = 2, SclInter = 1,
            PixDim = new float[] { 1, 1, 1, 1, 0, 0, 0, 0 },
            SformCode = 1, SRowX = new[] { -1f, 0, 0, 5 }, SRowY = new[] { 0f, -1, 0, 6 }, SRowZ = new[] { 0f, 0, 1, 7 },
        };
        b.Data = b.Int16Data(0, 10, -4);
        string path = b.Save(tmp.File("i.nii"));
        var (code, stdout, _) = CliCapture.Run("info", path, "--json");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(new[] { "shape", "dtype", "spacing", "affine", "orientation", "min", "max", "mean", "nonfinite" },
                     root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new long[] { 3, 1, 1 }, root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("int16", root.GetProperty("dtype").GetString());
        Assert.Equal("LPS", root.GetProperty("orientation").GetString());
        Assert.Equal(new double[] { -1, 0, 0, 5 }, root.GetProperty("affine")[0].EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(-7, root.GetProperty("min").GetDouble());   // -4·2 + 1
        Assert.Equal(21, root.GetProperty("max").GetDouble());   // 10·2 + 1
        Assert.Equal((1 + 21 - 7) / 3.0, root.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(0, root.GetProperty("nonfinite").GetInt32());
    }

    [Fact]
    public void Sample_then_info_in_text()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("s.nii.gz");
        Assert.Equal(0, CliCapture.Run("sample", "--out", path, "--shape", "16,12,5", "--spacing", "1,1,3").Code);
        var (code, stdout, _) = CliCapture.Run("info", path);
        Assert.Equal(0, code);
        Assert.Contains("16 x 12 x 5", stdout);
        Assert.Contains("RAS", stdout);
        var v = NiftiReader.Read(path);
        var h = (NiftiHeader)v.Header!;
        Assert.True(h.SformCode > 0 && h.QformCode > 0);
        Assert.True(h.QformAffine().MaxAbsDifference(h.SformAffine()) < 1e-5);
    }
}

[Collection("Console")]
public class ResampleCommandTests
{
    [Fact]
    public void Nan_voxels_are_refused_and_no_output_is_left()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { Dim = new short[] { 3, 2, 2, 1, 1, 1, 1, 1 } };
        b.Data = b.Float32Data(1, float.NaN, 3, 4);
        string path = b.Save(tmp.File("nan.nii.gz"));
        string outPath = tmp.File("out.nii.gz");
        var (code, _, err) = CliCapture.Run("resample", path, "--out", outPath, "--spacing", "0.5");
        Assert.Equal(1, code);
        Assert.Contains(path + ": 1 voxel(s) are NaN or infinite", err);
        Assert.False(File.Exists(outPath));
        Assert.Single(Directory.GetFiles(tmp.Path));
        var info = System.Text.Json.JsonDocument.Parse(CliCapture.Run("info", path, "--json").Out).RootElement;
        Assert.Equal(1, info.GetProperty("nonfinite").GetInt32());
        Assert.Equal(8 / 3.0, info.GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    public void Resample_like_a_reference_copies_its_geometry()
    {
        using var tmp = new TempFolder();
        string reference = tmp.File("ref.nii.gz"), moving = tmp.File("moving.nii"), outPath = tmp.File("out.nii.gz");
        Assert.Equal(0, CliCapture.Run("sample", "--out", reference, "--shape", "12,10,6", "--spacing", "1,1,2").Code);
        Assert.Equal(0, CliCapture.Run("sample", "--out", moving, "--shape", "24,20,24", "--spacing", "0.5,0.5,0.5").Code);
        var (code, _, err) = CliCapture.Run("resample", moving, "--out", outPath, "--like", reference, "--interp", "linear");
        Assert.True(code == 0, err);
        var r = (NativeSeg.Imaging.Nifti.NiftiHeader)NativeSeg.Imaging.Nifti.NiftiReader.Read(reference).Header!;
        var o = NativeSeg.Imaging.Nifti.NiftiReader.ReadHeader(outPath);
        Assert.Equal(r.SRowX, o.SRowX);
        Assert.Equal(r.PixDim, o.PixDim);
        Assert.Equal(r.Shape, o.Shape);
    }
}

[Collection("Console")]
public class InfoFourDTests
{
    [Fact]
    public void Info_on_4D_reports_the_full_shape_and_volume_statistics()
    {
        using var tmp = new TempFolder();
        var b = new Nifti1Bytes { Dim = new short[] { 4, 2, 1, 1, 3, 1, 1, 1 } };
        b.Data = b.Float32Data(0, 1, 10, 11, 20, 22);
        string path = b.Save(tmp.File("four.nii.gz"));
        var all = System.Text.Json.JsonDocument.Parse(CliCapture.Run("info", path, "--json").Out).RootElement;
        Assert.Equal(new long[] { 2, 1, 1, 3 }, all.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(64 / 6.0, all.GetProperty("mean").GetDouble(), 12);
        var one = System.Text.Json.JsonDocument.Parse(CliCapture.Run("info", path, "--json", "--volume", "2").Out).RootElement;
        Assert.Equal(20, one.GetProperty("min").GetDouble());
        Assert.Equal(22, one.GetProperty("max").GetDouble());
    }
}
