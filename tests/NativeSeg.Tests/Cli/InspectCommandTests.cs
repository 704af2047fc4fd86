using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Cli;

[Collection("Console")]
public class InspectCommandTests
{
    [Fact]
    public void TheAuditNamesLabelProblemsAndRefusesNothingUnlessStrict()
    {
        using var dir = new TempFolder();
        string data = dir.File("data");
        BlobDataset.Write(data, 3, new Shape3(10, 10, 8), new Spacing(1, 1, 1.5), group: "3d-1mm");
        var inputs = Directory.GetFiles(data, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        // case001: a label value 2; case002: a label on another grid.
        var label1 = NiftiReader.Read(Path.Combine(data, "labelsTr/case001.nii.gz"));
        var values = label1.Voxels.ToArray();
        values[0] = 2;
        NiftiWriter.Write(new Volume(label1.Shape, values, label1.Spacing, label1.Affine), Path.Combine(data, "labelsTr/case001.nii.gz"), NiftiDataType.UInt8);
        var small = new Shape3(5, 5, 4);
        NiftiWriter.Write(new Volume(small, new float[small.Count], label1.Spacing, label1.Affine), Path.Combine(data, "labelsTr/case002.nii.gz"), NiftiDataType.UInt8);

        var (code, stdout, stderr) = CliCapture.Run("inspect", data);
        Assert.True(code == 0, stderr);
        Assert.Contains("label values outside {0, 1}: 2", stdout);
        Assert.Contains("PROBLEM: ", stdout);
        Assert.Contains("shape 5x5x4 differs from", stdout);
        Assert.Contains("3 case(s), 1 spacing cluster(s), 1 problem(s)", stdout);

        (code, stdout, _) = CliCapture.Run("inspect", data, "--strict", "--json");
        Assert.Equal(1, code);
        Assert.Contains("\"Problems\"", stdout);
        Assert.Equal(inputs.Keys.Where(k => !k.Contains("labelsTr/case001") && !k.Contains("labelsTr/case002")).Select(k => (k, inputs[k])),
            inputs.Keys.Where(k => !k.Contains("labelsTr/case001") && !k.Contains("labelsTr/case002")).Select(k => (k, File.ReadAllBytes(k))));
    }
}
