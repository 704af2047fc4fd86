using NativeSeg.Imaging.Geometry;
using NativeSeg.Phantom;

namespace NativeSeg.Bench;

/// <summary>
/// Seconds to acquire one phantom subject (image formation, bias, noise, partial-volume truth; no file writing)
/// on the paper's typical grids, with the quick preset's 64 mm field of view and the whole brain; plus subject
/// construction (geometry, lesions, texture) and the whole quick preset written to disk.
/// </summary>
public sealed class PhantomBenchmarks : IBenchmarkSuite
{
    public string Key => "phantom";

    public string Title => "Phantom: synthetic FLAIR subjects (seconds per subject)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        PhantomSubject focused = null!, whole = null!;
        var fov = new Vec3(64, 64, 64);
        var grids = new (string Name, Spacing Spacing, Plane Plane)[]
        {
            ("1 mm iso, sagittal", Spacing.Isotropic(1), Plane.Sagittal),
            ("0.5x0.5x1 mm, axial", new Spacing(0.5, 0.5, 1), Plane.Axial),
            ("0.45x0.45x5 mm 2D, coronal", new Spacing(0.45, 0.45, 5), Plane.Coronal),
        };
        yield return new BenchmarkCase("subject construction (geometry, lesions, texture, bias)", () => PhantomSubject.Create(1, 7),
            Setup: () =>
            {
                AnatomyFeatures.For(AnatomyFile.Default);
                focused = PhantomSubject.Create(1, 3, new PhantomOptions(SynthOptions.FocusFor(64)));
                whole = PhantomSubject.Create(1, 3);
            },
            Notes: _ => "after the one-off model load");
        foreach (var (name, spacing, plane) in grids)
        {
            var grid = new AcquisitionGrid(spacing, plane, FieldOfViewMm: fov);
            PhantomAcquisition? last = null;
            yield return new BenchmarkCase($"quick FOV 64 mm: {name}", () => last = focused.Acquire(grid),
                Notes: _ => $"{last!.Image.Shape} ({last.Image.Shape.Count / 1e6:0.00} M voxels), {last.Info.LesionCount} lesions, {last.Info.LesionMl:0.000} mL");
        }
        foreach (var (name, spacing, plane) in grids)
        {
            var grid = new AcquisitionGrid(spacing, plane);
            PhantomAcquisition? last = null;
            yield return new BenchmarkCase($"whole brain: {name}", () => last = whole.Acquire(grid), Repeats: 3,
                Notes: _ => $"{last!.Image.Shape} ({last.Image.Shape.Count / 1e6:0.00} M voxels), {last.Info.LesionCount} lesions, {last.Info.LesionMl:0.000} mL; 3 runs");
        }
        string folder = Path.Combine(Path.GetTempPath(), "nativeseg-bench-synth-" + Guid.NewGuid().ToString("N"));
        int cases = 0;
        yield return new BenchmarkCase("`synth --preset quick` (23 cases, written .nii.gz)", () =>
            {
                cases = SyntheticDataset.Generate(SynthOptions.FromPreset("quick", folder)).Count;
            }, Repeats: 1, WarmUp: 0,
            Notes: s =>
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
                return $"{cases} cases, {s / cases:0.00} s per case; 1 run";
            });
    }
}
