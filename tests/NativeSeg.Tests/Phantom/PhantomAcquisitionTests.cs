using NativeSeg.Imaging.Geometry;
using NativeSeg.Phantom;

namespace NativeSeg.Tests.Phantom;

/// <summary>One subject (lesions drawn near the ventricles) acquired on several small grids, shared by the tests below.</summary>
public static class SharedSubject
{
    public static readonly Vec3 Fov = new(36, 36, 36);

    private static readonly Lazy<PhantomSubject> Lazy = new(() => PhantomSubject.Create(11, 2, new PhantomOptions(10)));
    public static PhantomSubject Subject => Lazy.Value;

    private static readonly Dictionary<AcquisitionGrid, PhantomAcquisition> Cache = new();

    public static PhantomAcquisition Acquire(AcquisitionGrid grid)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(grid, out var a)) Cache[grid] = a = Subject.Acquire(grid);
            return a;
        }
    }

    public static readonly AcquisitionGrid Iso1 = new(Spacing.Isotropic(1), Plane.Axial, FieldOfViewMm: Fov);
    public static readonly AcquisitionGrid Half = new(new Spacing(0.5, 0.5, 1), Plane.Sagittal, FieldOfViewMm: Fov);
    public static readonly AcquisitionGrid Coronal2D = new(new Spacing(0.45, 0.45, 4), Plane.Coronal, FieldOfViewMm: Fov);
    public static readonly AcquisitionGrid Axial2D = new(new Spacing(0.9, 0.9, 3), Plane.Axial, FieldOfViewMm: Fov);
}

public class PhantomAcquisitionTests
{
    /// <summary>
    /// Σf·V, the partial-volume lesion volume, is a property of the continuous subject: four grids in three planes
    /// (1 mm³ to 0.45×0.45×4 mm) agree within 0.5% (design §6 measured &lt; 0.05%).
    /// </summary>
    [Fact]
    public void LesionVolumeAgreesAcrossGridsAndPlanes()
    {
        var grids = new[] { SharedSubject.Iso1, SharedSubject.Half, SharedSubject.Coronal2D, SharedSubject.Axial2D };
        var ml = grids.Select(g => SharedSubject.Acquire(g).Info.LesionMl).ToArray();
        Assert.True(ml.Min() > 0.1, $"the subject has lesions in the field of view ({string.Join(", ", ml)} mL)");
        Assert.True((ml.Max() - ml.Min()) / ml.Average() < 0.005, $"lesion volumes {string.Join(", ", ml.Select(v => v.ToString("0.0000")))} mL");
        // The binary truth volumes differ by grid, as they should, but stay close at 1 mm³ (the boundary band is thin).
        var iso = SharedSubject.Acquire(SharedSubject.Iso1).Info;
        Assert.InRange(iso.TruthMl, 0.85 * iso.LesionMl, 1.15 * iso.LesionMl);
    }

    /// <summary>Lesions are brighter than white matter: mean image over the truth > 1.4× mean over pure, lesion-free white matter.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void LesionsAreBrighterThanWhiteMatterAndNeverInVentricles(int grid)
    {
        var g = new[] { SharedSubject.Iso1, SharedSubject.Half, SharedSubject.Coronal2D }[grid];
        var a = SharedSubject.Acquire(g);
        var subject = SharedSubject.Subject;
        var geometry = GridGeometry.Resolve(subject, g);
        var shape = a.Image.Shape;
        double lesionSum = 0, wmSum = 0;
        long lesionCount = 0, wmCount = 0, inVentricle = 0;
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                {
                    long n = shape.Index(i, j, k);
                    var world = geometry.World(i, j, k);
                    if (a.Truth[n] == 1)
                    {
                        lesionSum += a.Image.Voxels[n]; lesionCount++;
                        if (subject.InVentricleCore(world)) inVentricle++;
                    }
                    else if (a.Fraction[n] == 0 && a.Mask[n] == 1 && subject.TissueAt(world).White > 0.95)
                    {
                        wmSum += a.Image.Voxels[n]; wmCount++;
                    }
                }
        Assert.True(lesionCount > 20 && wmCount > 300, $"{lesionCount} truth voxels, {wmCount} white-matter voxels");
        double ratio = lesionSum / lesionCount / (wmSum / wmCount);
        Assert.True(ratio > 1.4, $"lesion/white-matter ratio {ratio:0.000}");
        Assert.Equal(0, inVentricle);
    }

    /// <summary>Truth lies inside the brain mask, and the image is exactly zero outside it (skull-stripped).</summary>
    [Fact]
    public void TruthIsInsideTheMaskAndBackgroundIsZero()
    {
        var a = SharedSubject.Acquire(SharedSubject.Iso1);
        for (long n = 0; n < a.Truth.Length; n++)
        {
            if (a.Truth[n] == 1) Assert.Equal(1, a.Mask[n]);
            if (a.Mask[n] == 0) Assert.Equal(0f, a.Image.Voxels[n]);
            Assert.True(a.Truth[n] == (a.Fraction[n] >= 0.5f && a.Mask[n] == 1 ? 1 : 0));
        }
        Assert.True(a.Image.Voxels.All(float.IsFinite));
    }

    /// <summary>A 2D coronal acquisition's third (thick) array axis points anterior-posterior in world space, by its affine.</summary>
    [Fact]
    public void CoronalThickAxisIsAnteriorPosterior()
    {
        var a = SharedSubject.Acquire(SharedSubject.Coronal2D);
        var affine = a.Image.Affine;
        var thick = new Vec3(affine[0, 2], affine[1, 2], affine[2, 2]);
        Assert.Equal(4, thick.Length, 6);
        Assert.True(Math.Abs(thick.Y) > 0.999 * thick.Length, $"slice axis {thick}");
        Assert.Equal("LSA", Orientation.AxisCodes(affine));
        Assert.Equal("LAS", Orientation.AxisCodes(SharedSubject.Acquire(SharedSubject.Iso1).Image.Affine));
        Assert.Equal("ASR", Orientation.AxisCodes(SharedSubject.Acquire(SharedSubject.Half).Image.Affine));
        Assert.Equal("2D", a.Info.Mode);
    }

    /// <summary>Voxel counts are round(field of view / spacing) along the world axis each array axis maps to; the affine's columns have the spacing's lengths.</summary>
    [Theory]
    [InlineData("axial", 60, 80, 21)]
    [InlineData("coronal", 60, 90, 19)]
    [InlineData("sagittal", 80, 90, 14)]
    public void VoxelCountsMatchSpacingAndFieldOfView(string plane, int nx, int ny, int nz)
    {
        var spacing = new Spacing(0.7, 0.7, 3);
        var fov = new Vec3(42, 56, 63);
        var grid = new AcquisitionGrid(spacing, Planes.Parse(plane), FieldOfViewMm: fov);
        var geometry = GridGeometry.Resolve(SharedSubject.Subject, grid);
        Assert.Equal(new Shape3(nx, ny, nz), geometry.Shape);
        var norms = geometry.Affine.ColumnNorms();
        Assert.True(norms.ApproximatelyEquals(spacing, 1e-9), $"{norms}");
        // The affine maps voxel indices to the generator's own world positions.
        var w = geometry.World(3, 5, 7);
        var (x, y, z) = geometry.Affine.Apply(3, 5, 7);
        Assert.Equal(w.X, x, 9); Assert.Equal(w.Y, y, 9); Assert.Equal(w.Z, z, 9);
    }

    [Fact]
    public void SameSeedSubjectAndGridGiveIdenticalVoxels()
    {
        var grid = new AcquisitionGrid(new Spacing(0.8, 0.8, 2.5), Plane.Sagittal, FieldOfViewMm: new Vec3(24, 24, 24));
        var a = PhantomSubject.Create(5, 9, new PhantomOptions(6)).Acquire(grid);
        var b = PhantomSubject.Create(5, 9, new PhantomOptions(6)).Acquire(grid);
        Assert.Equal(a.Image.Voxels, b.Image.Voxels);
        Assert.Equal(a.Truth, b.Truth);
        var other = PhantomSubject.Create(6, 9, new PhantomOptions(6));
        Assert.NotEqual(PhantomSubject.Create(5, 9, new PhantomOptions(6)).Contrast, other.Contrast);
    }
}

/// <summary>synth --tilt: oblique acquisitions of the same continuous subject.</summary>
public class TiltedAcquisitionTests
{
    [Fact]
    public void ATiltedGridIsObliqueByItsAngleAndKeepsTheSubjectsLesionVolume()
    {
        var aligned = SharedSubject.Axial2D;
        var tilted = aligned with { TiltDegrees = (18, 6) };
        var a = SharedSubject.Acquire(aligned);
        var t = SharedSubject.Acquire(tilted);
        Assert.Equal(0, Orientation.ObliqueDegrees(a.Image.Affine), 6);
        // R_y(6°) R_x(18°): the slice axis leaves the S-I axis by acos(cos 18° cos 6°) = 18.9°.
        Assert.Equal(Math.Acos(Math.Cos(18 * Math.PI / 180) * Math.Cos(6 * Math.PI / 180)) * 180 / Math.PI,
                     Orientation.ObliqueDegrees(t.Image.Affine), 1);
        Assert.Equal(aligned.Directions.Determinant, tilted.Directions.Determinant, 9);
        // The turned box contains the aligned one (its extents cover the aligned box's projections), so it holds the same
        // lesions: the partial-volume lesion volume is the subject's, whatever the grid's direction.
        double ml = a.Info.LesionMl, tiltedMl = t.Info.LesionMl;
        Assert.True(ml > 0.1, $"the subject has lesions in the field of view ({ml} mL)");
        Assert.InRange(tiltedMl, 0.995 * ml, 1.005 * ml);
    }

    [Theory]
    [InlineData("15", 15, 0)]
    [InlineData(" -12.5 , 4 ", -12.5, 4)]
    public void TiltParsesOneOrTwoAngles(string text, double aboutRl, double aboutAp) =>
        Assert.Equal((aboutRl, aboutAp), AcquisitionGrid.ParseTilt(text));

    [Theory]
    [InlineData("")]
    [InlineData("95")]
    [InlineData("1,2,3")]
    [InlineData("ten")]
    public void TiltRejectsWhatIsNotOneOrTwoAnglesWithinNinetyDegrees(string text) =>
        Assert.Contains("--tilt", Assert.Throws<UserInputException>(() => AcquisitionGrid.ParseTilt(text)).Message);
}
