using NativeSeg.Imaging.Geometry;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Phantom;
using NativeSeg.Tests.Phantom;
using NativeSeg.Training.Augmentation;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Training.Augmentation;

/// <summary>
/// Re-acquiring a 0.5 mm phantom image on a grid G agrees with the phantom acquiring the same subject on G directly:
/// the same slice profiles, partial volume and truth rule, from samples instead of the continuous subject.
/// </summary>
public class ReacquisitionTests(ITestOutputHelper output)
{
    private static readonly AcquisitionGrid Source = new(Spacing.Isotropic(0.5), Plane.Axial, FieldOfViewMm: SharedSubject.Fov, PsfFactor: 1.15);

    public static TheoryData<double, double, double, Plane> Grids => new()
    {
        { 1, 1, 1, Plane.Axial },
        { 1, 1, 1, Plane.Sagittal },
        { 1, 1, 3, Plane.Coronal },
        { 1.5, 1.5, 5, Plane.Axial },
        { 1.5, 1.5, 5, Plane.Coronal },
        { 1.5, 1.5, 5, Plane.Sagittal },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void AgreesWithTheSubjectAcquiredOnThatGrid(double inPlane, double inPlane2, double slice, Plane plane)
    {
        var source = SharedSubject.Acquire(Source);
        var direct = SharedSubject.Acquire(new AcquisitionGrid(new Spacing(inPlane, inPlane2, slice), plane, FieldOfViewMm: SharedSubject.Fov));
        var axes = TargetAxis.Between(source.Image.Affine, direct.Image.Affine, direct.Image.Shape);
        using var scope = NewDisposeScope();
        var s = source.Image.Shape;
        var image = Xyz(source.Image.Voxels, s);
        var label = Xyz(source.Truth.Select(v => (float)v).ToArray(), s);
        var (acquired, truth) = Reacquisition.Acquire(image, label, source.Image.Spacing, axes, new Reacquisition.Draw(1.15, 7));
        var a = VolumeTensors.ToVoxels(acquired);
        var t = VolumeTensors.ToVoxels(truth);
        Assert.All(t, v => Assert.True(v is 0 or 1));

        double dice = Dice(t, direct.Truth);
        double correlation = Correlation(a, direct.Image.Voxels);
        output.WriteLine($"{plane} {inPlane}x{inPlane2}x{slice}: truth Dice {dice:0.000} ({direct.Truth.Count(v => v == 1)} voxels), image correlation {correlation:0.000}");
        Assert.True(dice >= 0.85, $"truth Dice {dice:0.000}");
        Assert.True(correlation >= 0.9, $"image correlation {correlation:0.000}");
    }

    /// <summary>A grid that is not a re-acquisition of the source grid (tilted) is refused, not approximated.</summary>
    [Fact]
    public void AnObliqueTargetIsRefused()
    {
        var source = SharedSubject.Acquire(Source);
        var tilted = new AcquisitionGrid(Spacing.Isotropic(1), Plane.Axial, FieldOfViewMm: SharedSubject.Fov) { TiltDegrees = (15, 0) };
        var geometry = GridGeometry.Resolve(SharedSubject.Subject, tilted);
        var e = Assert.Throws<ArgumentException>(() => TargetAxis.Between(source.Image.Affine, geometry.Affine, geometry.Shape));
        Assert.Contains("oblique", e.Message);
    }

    internal static Tensor Xyz(float[] voxels, Shape3 s)
    {
        using var batch = VolumeTensors.ToBatch(voxels, s.X, s.Y, s.Z);
        return batch.reshape(s.X, s.Y, s.Z).clone();
    }

    private static double Dice(float[] a, byte[] b)
    {
        long both = 0, sum = 0;
        for (int n = 0; n < a.Length; n++) { both += a[n] == 1 && b[n] == 1 ? 1 : 0; sum += (a[n] == 1 ? 1 : 0) + b[n]; }
        return sum == 0 ? 1 : 2.0 * both / sum;
    }

    /// <summary>Pearson correlation over the voxels inside the brain in both images.</summary>
    private static double Correlation(float[] a, float[] b)
    {
        var pairs = Enumerable.Range(0, a.Length).Where(n => a[n] != 0 && b[n] != 0).Select(n => ((double)a[n], (double)b[n])).ToList();
        double ma = pairs.Average(p => p.Item1), mb = pairs.Average(p => p.Item2);
        double sab = pairs.Sum(p => (p.Item1 - ma) * (p.Item2 - mb)), saa = pairs.Sum(p => (p.Item1 - ma) * (p.Item1 - ma)), sbb = pairs.Sum(p => (p.Item2 - mb) * (p.Item2 - mb));
        return sab / Math.Sqrt(saa * sbb);
    }
}
