using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.Globalization;
using NativeSeg.Imaging;
using NativeSeg.Inference;

namespace NativeSeg.Bench;

/// <summary>
/// One process predicting a folder of many small cases (the shipped demo RA-U-Net, 24x24x16 voxels at five spacings):
/// the peak RSS after case 50 against the peak after the last case. Memory that grows with the cases (a cache without a
/// bound, tensors not freed) shows as a ratio above 1. NATIVESEG_BENCH_MANY sets the count (default 200; BENCHMARKS.md
/// reports 1,000).
/// </summary>
public sealed class ManyCasesBenchmarks : IBenchmarkSuite
{
    public string Key => "many-cases";

    public string Title => "Many cases in one process: peak RSS after case 50 and after the last";

    private static readonly Spacing[] Spacings = [Spacing.Isotropic(1), new(0.5, 0.5, 1), new(0.9, 0.9, 3), new(0.45, 0.45, 5), new(1.2, 1.2, 1.2)];

    public IEnumerable<BenchmarkCase> Cases()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("NATIVESEG_BENCH_MANY"), CultureInfo.InvariantCulture, out int n) && n > 50 ? n : 200;
        string root = Path.Combine(Path.GetTempPath(), $"nativeseg-bench-many-{Guid.NewGuid():N}");
        long after50 = 0, afterLast = 0;
        yield return new BenchmarkCase($"{count} cases, demo ra-unet, 24x24x16 voxels at 5 spacings",
            () =>
            {
                var runner = new PredictionRunner(Predictors.Load(Path.Combine(BenchmarkRunner.RepoRoot, "models", "demo", "ra-unet"), new PredictionOptions { Patch = null }));
                runner.Run(Path.Combine(root, "in"), Path.Combine(root, "out"), probabilities: false, new PeakAt(50, peak => after50 = peak));
                afterLast = PeakMemory.Bytes();
                Directory.Delete(root, recursive: true);
            },
            Repeats: 1, WarmUp: 0,
            Setup: () =>
            {
                var random = new Random(1);
                var shape = new Shape3(24, 24, 16);
                Directory.CreateDirectory(Path.Combine(root, "in"));
                for (int c = 0; c < count; c++)
                {
                    var spacing = Spacings[c % Spacings.Length];
                    var voxels = Enumerable.Range(0, (int)shape.Count).Select(_ => (float)random.NextDouble()).ToArray();
                    NiftiWriter.Write(new Volume(shape, voxels, spacing, Affine.Diagonal(spacing)), Path.Combine(root, "in", $"case{c:D4}_0000.nii.gz"));
                }
                PeakMemory.Reset();
            },
            Notes: seconds => string.Create(CultureInfo.InvariantCulture,
                $"peak RSS after case 50 {PeakMemory.Format(after50)}, after case {count} {PeakMemory.Format(afterLast)}: ratio {(double)afterLast / after50:0.000}; {seconds / count * 1000:0} ms " +
                    $"per case"));
    }

    private sealed class PeakAt(int cases, Action<long> record) : IPredictionProgress
    {
        private int _finished;

        public void CaseFinished(string name, IReadOnlyList<string> outputs)
        {
            if (++_finished == cases) record(PeakMemory.Bytes());
        }
    }
}
