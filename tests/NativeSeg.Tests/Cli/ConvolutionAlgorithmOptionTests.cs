using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;

namespace NativeSeg.Tests.Cli;

/// <summary>`predict --conv-algorithm`: every algorithm gives the same probabilities; a bad name is one line listing the good ones.</summary>
[Collection("Console")]
public class ConvolutionAlgorithmOptionTests
{
    [Fact]
    public void LatticeSupportPiecesAndAutoPredictTheSameProbabilities()
    {
        using var tmp = new TempFolder();
        string model = PredictCommandTests.TinyModel(tmp, ModelKind.RaUNet);
        // 0.5x0.5x1 mm: the 5 mm kernel's lattice has a zero outer shell and a ball-shaped support, so the four differ in taps.
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(14, 12, 8), affine: Affine.Diagonal(new Spacing(0.5, 0.5, 1)));
        float[] Probabilities(string algorithm)
        {
            var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File($"{algorithm}.nii.gz"),
                "--probabilities", "--patch", "whole", "--conv-algorithm", algorithm);
            Assert.True(code == 0, stderr);
            return NiftiReader.Read(tmp.File($"{algorithm}_prob.nii.gz")).Voxels;
        }
        // float32: pieces sums the same taps in another order (and keeps the self-connection apart), so it agrees to
        // float32 rounding, not bit for bit: 4.8e-6 to 1.03e-5 seen from run to run. Leaving out one piece moved a
        // probability by 0.81.
        var lattice = Probabilities("lattice");
        foreach (var algorithm in new[] { "support", "pieces", "auto" })
            Assert.InRange(lattice.Zip(Probabilities(algorithm), (a, b) => Math.Abs(a - b)).Max(), 0, 1e-4);
    }

    [Fact]
    public void ABadNameIsOneLineListingTheAlgorithms()
    {
        using var tmp = new TempFolder();
        string model = PredictCommandTests.TinyModel(tmp, ModelKind.RaUNet);
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(8, 8, 8));
        var (code, _, stderr) = CliCapture.Run("predict", "--model", model, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg.nii.gz"), "--conv-algorithm", "fft");
        Assert.NotEqual(0, code);
        Assert.Contains("--conv-algorithm 'fft': expected auto, support, lattice or pieces", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(tmp.File("seg.nii.gz")));
    }
}
