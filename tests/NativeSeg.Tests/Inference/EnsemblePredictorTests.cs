using NativeSeg.Imaging;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Inference;
using NativeSeg.Nets.Model;
using NativeSeg.Tests.Cli;

namespace NativeSeg.Tests.Inference;

[Collection("Console")]
public class EnsemblePredictorTests
{
    private static readonly Volume Scan = SampleVolume.GaussianBlobs(new Shape3(14, 12, 6), new Spacing(0.8, 0.8, 3), seed: 4);

    [Fact]
    public void AModelWithItselfIsThatModelWithNoDisagreement()
    {
        var single = new Predictor(new PointwiseNet([2.5], [-0.4]));
        var alone = single.Predict(Scan);
        var twice = new EnsemblePredictor([single, single]).Predict(Scan);
        Assert.Equal(2, twice.Members);
        for (long n = 0; n < alone.Probabilities.Voxels.LongLength; n++)
            Assert.Equal(alone.Probabilities.Voxels[n], twice.Probabilities.Voxels[n], 1e-6);
        Assert.Equal(alone.Mask, twice.Mask);
        Assert.All(twice.MutualInformationVolume()!.Voxels, v => Assert.InRange(v, 0f, 1e-6f));
        Assert.Null(alone.MutualInformationVolume());
    }

    [Fact]
    public void TwoModelsGiveTheirMeanAndEntropyStaysWithinLn2()
    {
        var a = new Predictor(new PointwiseNet([3.0], [-1.0]));
        var b = new Predictor(new PointwiseNet([-2.0], [0.5]));
        var (pa, pb) = (a.Predict(Scan).Probabilities.Voxels, b.Predict(Scan).Probabilities.Voxels);
        var both = new EnsemblePredictor([a, b], threshold: 0.3).Predict(Scan);
        var p = both.Probabilities.Voxels;
        var h = both.EntropyVolume().Voxels;
        var mi = both.MutualInformationVolume()!.Voxels;
        for (long n = 0; n < p.LongLength; n++)
        {
            Assert.Equal(0.5 * (pa[n] + pb[n]), p[n], 1e-6);
            Assert.Equal(p[n] > 0.3f ? 1 : 0, both.Mask[n]);
            Assert.InRange(h[n], 0f, (float)Math.Log(2) + 1e-6f);
            Assert.InRange(mi[n], 0f, h[n] + 1e-6f);
        }
        Assert.True(mi.Max() > 0.05f, "members that disagree show it");
        Assert.Equal(Math.Log(2), Uncertainty.Entropy(0.5), 12);
        Assert.Equal(0, Uncertainty.Entropy(1.0));
    }

    [Fact]
    public void PredictWithTwoModelsWritesTheMeanAndBothUncertaintyMaps()
    {
        using var tmp = new TempFolder();
        string unet = PredictCommandTests.TinyModel(tmp);
        string ra = PredictCommandTests.TinyModel(tmp, ModelKind.RaUNet);
        Directory.CreateDirectory(tmp.File("in"));
        InferenceFiles.Write(tmp.File("in/scan_0000.nii.gz"), new Shape3(12, 10, 8));
        var (code, stdout, stderr) = CliCapture.Run("predict", "--model", unet, "--model", ra, "--input", tmp.File("in"), "--output", tmp.File("out"),
            "--probabilities", "--uncertainty", "--patch", "whole");
        Assert.True(code == 0, stderr);
        Assert.Contains("predicted 1 case(s) with an ensemble of 2 (unet, ra-unet)", stdout);
        Assert.Equal(["scan.json", "scan.nii.gz", "scan_mutual-information.nii.gz", "scan_prob.nii.gz", "scan_uncertainty.nii.gz"],
            Directory.GetFiles(tmp.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var input = NiftiReader.Read(tmp.File("in/scan_0000.nii.gz"));
        var options = new PredictionOptions { Patch = null };
        var expected = new EnsemblePredictor([Predictors.Load(unet, options), Predictors.Load(ra, options)]).Predict(input);
        Assert.Equal(expected.Probabilities.Voxels, NiftiReader.Read(tmp.File("out/scan_prob.nii.gz")).Voxels);
        Assert.Equal(expected.EntropyVolume().Voxels, NiftiReader.Read(tmp.File("out/scan_uncertainty.nii.gz")).Voxels);
        Assert.Equal(expected.MutualInformationVolume()!.Voxels, NiftiReader.Read(tmp.File("out/scan_mutual-information.nii.gz")).Voxels);
        Assert.Contains("\"architecture\": \"ensemble\"", File.ReadAllText(tmp.File("out/scan.json")));

        // A folder of model folders is the same ensemble, and the same work: skipped.
        (code, stdout, stderr) = CliCapture.Run("predict", "--model", tmp.Path, "--input", tmp.File("in"), "--output", tmp.File("out"),
            "--probabilities", "--uncertainty", "--patch", "whole");
        Assert.True(code == 0, stderr);
        Assert.Contains("already predicted by this model", stdout);
    }

    [Fact]
    public void OneModelWithUncertaintyWritesNoMutualInformation()
    {
        using var tmp = new TempFolder();
        string unet = PredictCommandTests.TinyModel(tmp);
        InferenceFiles.Write(tmp.File("scan.nii.gz"), new Shape3(12, 10, 8));
        var (code, _, stderr) = CliCapture.Run("predict", "--model", unet, "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("seg.nii.gz"), "--uncertainty", "--patch", "whole");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(tmp.File("seg_uncertainty.nii.gz")));
        Assert.False(File.Exists(tmp.File("seg_mutual-information.nii.gz")));
        var (bad, _, error) = CliCapture.Run("predict", "--model", tmp.File("nothing"), "--input", tmp.File("scan.nii.gz"), "--output", tmp.File("x.nii.gz"));
        Assert.Equal(1, bad);
        Assert.Contains("nothing: no such model folder", error);
    }
}
