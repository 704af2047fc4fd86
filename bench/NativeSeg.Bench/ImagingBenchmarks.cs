using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Bench;

/// <summary>NIfTI read/write and cubic B-spline resampling of an MNI-sized (182x218x182) float32 image.</summary>
public sealed class ImagingBenchmarks : IBenchmarkSuite
{
    public string Key => "imaging";

    public string Title => "Imaging: NIfTI I/O and resampling (182x218x182 float32, 1 mm)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        string folder = Path.Combine(Path.GetTempPath(), "nativeseg-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "mni.nii.gz");
        string written = Path.Combine(folder, "written.nii.gz");
        Volume volume = null!;
        var shape = new Shape3(182, 218, 182);
        string size = $"{shape.Count / 1e6:0.0} M voxels";

        yield return new BenchmarkCase("write .nii.gz (gzip fastest)", () => NiftiWriter.Write(volume, written),
            Setup: () =>
            {
                volume = SampleVolume.GaussianBlobs(shape, Spacing.Isotropic(1));
                NiftiWriter.Write(volume, path);
            },
            Notes: _ => $"{size}; {new FileInfo(path).Length / 1e6:0.0} MB on disk");
        yield return new BenchmarkCase("read .nii.gz", () => NiftiReader.Read(path), Notes: _ => size);
        yield return new BenchmarkCase("cubic B-spline to 1x1x3 mm", () => Resampler.ResampleToSpacing(volume, new Spacing(1, 1, 3)),
            Notes: _ => $"output {Resampler.TargetGrid(shape, Spacing.Isotropic(1), volume.Affine, new Spacing(1, 1, 3)).Shape}");
        yield return new BenchmarkCase("cubic B-spline to 0.5 mm isotropic", () => Resampler.ResampleToSpacing(volume, Spacing.Isotropic(0.5)),
            Repeats: 3,
            Notes: _ =>
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
                return $"output {Resampler.TargetGrid(shape, Spacing.Isotropic(1), volume.Affine, Spacing.Isotropic(0.5)).Shape} (57.8 M voxels); 3 runs";
            });
    }
}
