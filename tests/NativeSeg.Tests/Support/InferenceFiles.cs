using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Tests.Support;

/// <summary>Input files for prediction tests: smooth blobs with an oblique affine and chosen qform/sform codes.</summary>
public static class InferenceFiles
{
    public static readonly Affine Oblique = new(new[] { -0.9, 0.1, 0, 12.5, 0.05, 1.1, 0.2, -30, 0, -0.1, 3.0, 7.25, 0, 0, 0, 1 });

    public static Volume Write(string path, Shape3 shape, int sformCode = 2, int qformCode = 1, int seed = 1, Affine? affine = null)
    {
        var a = affine ?? Oblique;
        var blobs = SampleVolume.GaussianBlobs(shape, a.ColumnNorms(), seed);
        var header = new NiftiHeader { Dim = new long[] { 3, shape.X, shape.Y, shape.Z, 1, 1, 1, 1 } };
        header.SetGeometry(a, sformCode, qformCode);
        var volume = new Volume(shape, blobs.Voxels, a.ColumnNorms(), header.BestAffine()) { Header = header };
        NiftiWriter.Write(volume, path);
        return NiftiReader.Read(path);
    }
}
