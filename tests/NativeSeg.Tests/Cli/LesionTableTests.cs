using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Cli;

/// <summary>evaluate --lesions: every lesion with its volume, world centroid and match, hand-computed on a tiny grid.</summary>
[Collection("Console")]
public class LesionTableTests
{
    private static readonly Shape3 Grid = new(10, 8, 6);
    // 2 x 1 x 3 mm voxels (6 mm³), origin at (-10, 5, 1) mm
    private static readonly Affine World = new([2, 0, 0, -10, 0, 1, 0, 5, 0, 0, 3, 1, 0, 0, 0, 1]);

    private static bool[] Mask(params (int I, int J, int K)[] on)
    {
        var m = new bool[Grid.Count];
        foreach (var (i, j, k) in on) m[Grid.Index(i, j, k)] = true;
        return m;
    }

    private static readonly bool[] Truth = Mask((1, 1, 1), (2, 1, 1), (7, 6, 4));
    private static readonly bool[] Pred = Mask((2, 1, 1), (3, 1, 1), (5, 2, 2));

    [Fact]
    public void VolumesCentroidsAndMatchesAreTheHandComputedOnes()
    {
        var rows = LesionTable.Of("c", Pred, Truth, Grid, World);
        Assert.Equal(
        [
            new("c", "truth", 1, 12, (-7.0, 6.0, 4.0), "detected", [1]),
            new("c", "truth", 2, 6, (4.0, 11.0, 13.0), "missed", []),
            new("c", "pred", 1, 12, (-5.0, 6.0, 4.0), "true_positive", [1]),
            new("c", "pred", 2, 6, (0.0, 7.0, 7.0), "false_positive", []),
        ], rows, new LesionRowComparer());
    }

    [Fact]
    public void EvaluateWritesTheTableBesideTheResults()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("pred"));
        Directory.CreateDirectory(dir.File("truth"));
        var reference = new Volume(Grid, new float[Grid.Count], World.ColumnNorms(), World);
        NiftiWriter.WriteMask(reference, Truth.Select(b => (byte)(b ? 1 : 0)).ToArray(), dir.File("truth/c.nii.gz"));
        NiftiWriter.WriteMask(reference, Pred.Select(b => (byte)(b ? 1 : 0)).ToArray(), dir.File("pred/c.nii.gz"));
        var (code, _, stderr) = CliCapture.Run("evaluate", "--pred", dir.File("pred"), "--truth", dir.File("truth"), "--out", dir.File("r.csv"), "--lesions", dir.File("lesions.csv"));
        Assert.True(code == 0, stderr);
        Assert.Equal(
        [
            LesionTable.Header,
            "c,truth,1,12,-7,6,4,detected,1",
            "c,truth,2,6,4,11,13,missed,",
            "c,pred,1,12,-5,6,4,true_positive,1",
            "c,pred,2,6,0,7,7,false_positive,",
        ], File.ReadAllLines(dir.File("lesions.csv")));
    }

    private sealed class LesionRowComparer : IEqualityComparer<LesionRow>
    {
        public bool Equals(LesionRow? a, LesionRow? b) => a is not null && b is not null && a.Case == b.Case && a.Mask == b.Mask && a.Id == b.Id
            && Math.Abs(a.VolumeMm3 - b.VolumeMm3) < 1e-9 && Math.Abs(a.Centroid.X - b.Centroid.X) < 1e-9 && Math.Abs(a.Centroid.Y - b.Centroid.Y) < 1e-9
            && Math.Abs(a.Centroid.Z - b.Centroid.Z) < 1e-9 && a.Status == b.Status && a.Overlaps.SequenceEqual(b.Overlaps);
        public int GetHashCode(LesionRow r) => r.Id;
    }
}
