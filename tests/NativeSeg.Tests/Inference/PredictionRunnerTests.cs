using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Inference;

namespace NativeSeg.Tests.Inference;

public class PredictionRunnerTests
{
    private static PredictionRunner Runner(PointwiseNet? net = null, int? patch = 8) =>
        new(new Predictor(net ?? new PointwiseNet([2.0], [-0.5]), new PredictionOptions { Patch = patch }));

    [Theory]
    [InlineData(2, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Outputs_carry_the_inputs_exact_geometry(int sformCode, int qformCode)
    {
        using var tmp = new TempFolder();
        var input = InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(14, 12, 9), sformCode, qformCode);
        Runner().Run(tmp.File("scan.nii.gz"), tmp.File("seg.nii.gz"), probabilities: true);

        var inHeader = (NiftiHeader)input.Header!;
        foreach (var (name, type) in new[] { ("seg.nii.gz", NiftiDataType.UInt8), ("seg_prob.nii.gz", NiftiDataType.Float32) })
        {
            var back = NiftiReader.Read(tmp.File(name));
            var h = (NiftiHeader)back.Header!;
            Assert.Equal(type, h.DataType);
            Assert.Equal(input.Shape, back.Shape);
            Assert.Equal(0, back.Affine.MaxAbsDifference(input.Affine));
            Assert.Equal(inHeader.SformCode, h.SformCode);
            Assert.Equal(inHeader.QformCode, h.QformCode);
            Assert.Equal(inHeader.SRowX, h.SRowX);
            Assert.Equal(inHeader.SRowY, h.SRowY);
            Assert.Equal(inHeader.SRowZ, h.SRowZ);
            Assert.Equal((inHeader.QuaternB, inHeader.QuaternC, inHeader.QuaternD), (h.QuaternB, h.QuaternC, h.QuaternD));
            Assert.Equal((inHeader.QOffsetX, inHeader.QOffsetY, inHeader.QOffsetZ), (h.QOffsetX, h.QOffsetY, h.QOffsetZ));
            Assert.Equal(inHeader.PixDim.Take(4), h.PixDim.Take(4));
        }
        var mask = NiftiReader.Read(tmp.File("seg.nii.gz")).Voxels;
        var probabilities = NiftiReader.Read(tmp.File("seg_prob.nii.gz")).Voxels;
        Assert.Equal(probabilities.Select(p => p > 0.5f ? 1f : 0f), mask);
        Assert.Contains(1f, mask);
        Assert.Contains(0f, mask);
        Assert.Equal(new[] { "scan.nii.gz", "seg.nii.gz", "seg_prob.nii.gz" }, Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Folder_prediction_uses_nnunet_names_loads_once_and_leaves_no_temporaries()
    {
        using var tmp = new TempFolder();
        string input = Directory.CreateDirectory(tmp.File("imagesTs")).FullName;
        InferenceFiles.Write(Path.Combine(input, "brain_001_0000.nii.gz"), new Shape3(10, 9, 8), seed: 1);
        InferenceFiles.Write(Path.Combine(input, "brain_002_0000.nii"), new Shape3(10, 9, 8), seed: 2);
        InferenceFiles.Write(Path.Combine(input, "plain.nii.gz"), new Shape3(8, 8, 8), seed: 3);
        File.WriteAllText(Path.Combine(input, "dataset.json"), "{}");
        string output = tmp.File("pred"); // created by the runner
        // A temporary left by a killed earlier run is cleaned up.
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, ".brain_001.nii.gz.0123456789abcdef.tmp"), "partial");

        var net = new PointwiseNet([1.0], [0.0]);
        var progress = new RecordingProgress();
        var cases = Runner(net, patch: null).Run(input, output, probabilities: true, progress);

        Assert.Equal(new[] { "brain_001", "brain_002", "plain" }, cases.Select(c => c.Name));
        Assert.Equal(
            new[] { "brain_001.nii.gz", "brain_001_prob.nii.gz", "brain_002.nii.gz", "brain_002_prob.nii.gz", "plain.nii.gz", "plain_prob.nii.gz" },
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "start brain_001 0/3", "start brain_002 1/3", "start plain 2/3" }, progress.Starts);
        Assert.Equal(3, progress.Patches);
        Assert.Equal(3, net.Spacings.Count);
        Assert.Equal(4, Directory.GetFiles(input).Length); // inputs untouched, nothing written beside them
    }

    [Fact]
    public void Single_file_into_a_folder_is_named_for_its_case()
    {
        using var tmp = new TempFolder();
        InferenceFiles.Write(tmp.File("case7_0000.nii.gz"), new Shape3(8, 8, 6));
        Directory.CreateDirectory(tmp.File("out"));
        var cases = Runner().Run(tmp.File("case7_0000.nii.gz"), tmp.File("out"), probabilities: false);
        Assert.Equal(tmp.File("out/case7.nii.gz"), cases.Single().MaskPath);
        Assert.Equal(new[] { "case7.nii.gz" }, Directory.GetFiles(tmp.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void Bad_inputs_fail_before_any_output_is_written()
    {
        using var tmp = new TempFolder();
        string good = tmp.File("good.nii.gz");
        InferenceFiles.Write(good, new Shape3(6, 6, 6));

        var missing = Assert.Throws<FileNotFoundException>(() => Runner().Run(tmp.File("nope.nii.gz"), tmp.File("o.nii.gz"), false));
        Assert.Contains("nope.nii.gz: no such file or folder", missing.Message);

        var b = new Nifti1Bytes { Dim = new short[] { 4, 2, 1, 1, 3, 1, 1, 1 } };
        b.Data = b.Float32Data(0, 1, 10, 11, 20, 21);
        string fourD = b.Save(tmp.File("dwi.nii"));
        var e4 = Assert.Throws<InvalidDataException>(() => Runner().Run(fourD, tmp.File("o.nii.gz"), false));
        Assert.Contains("use a 3D volume", e4.Message);

        string nan = tmp.File("nan.nii.gz");
        var withNan = NiftiReader.Read(good);
        withNan.Voxels[5] = float.NaN;
        NiftiWriter.Write(withNan, nan);
        var eNan = Assert.Throws<InvalidDataException>(() => Runner().Run(nan, tmp.File("o.nii.gz"), false));
        Assert.StartsWith(nan, eNan.Message);
        Assert.Contains("NaN", eNan.Message);

        File.WriteAllText(tmp.File("blocker"), "a file where the output folder should go");
        var eOut = Assert.Throws<IOException>(() => Runner().Run(good, tmp.File("blocker/sub/o.nii.gz"), false));
        Assert.Contains("output folder is not writable", eOut.Message);

        var eSame = Assert.Throws<UserInputException>(() => Runner().Run(good, good, false));
        Assert.Contains("overwrite the input", eSame.Message);

        Directory.CreateDirectory(tmp.File("multi"));
        InferenceFiles.Write(tmp.File("multi/c_0000.nii.gz"), new Shape3(4, 4, 4));
        InferenceFiles.Write(tmp.File("multi/c_0001.nii.gz"), new Shape3(4, 4, 4));
        var eMulti = Assert.Throws<InvalidDataException>(() => Runner().Run(tmp.File("multi"), tmp.File("multi_out"), false));
        Assert.Contains("c_0001.nii.gz: channel 0001", eMulti.Message);

        Assert.False(File.Exists(tmp.File("o.nii.gz")));
        Assert.False(Directory.Exists(tmp.File("multi_out")));
    }

    private sealed class RecordingProgress : IPredictionProgress
    {
        public List<string> Starts { get; } = new();
        public int Patches { get; private set; }
        public void CaseStarted(string name, int index, int count) => Starts.Add($"start {name} {index}/{count}");
        public void PatchDone() => Patches++;
    }
}
