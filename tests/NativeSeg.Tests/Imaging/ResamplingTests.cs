using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Tests.Imaging;

public class ResamplingTests
{
    private static Volume Make(Shape3 shape, Spacing spacing, Func<int, int, int, double> f, Affine? affine = null)
    {
        var v = new float[shape.Count];
        for (int k = 0; k < shape.Z; k++)
            for (int j = 0; j < shape.Y; j++)
                for (int i = 0; i < shape.X; i++)
                    v[shape.Index(i, j, k)] = (float)f(i, j, k);
        return new Volume(shape, v, spacing, affine ?? SampleVolume.CentredAffine(shape, spacing));
    }

    /// <summary>A rotated grid (about an oblique axis) inside the source field of view: exercises the non-separable path.</summary>
    private static Affine RotatedGrid(Volume source, Shape3 shape, double spacing, double angle)
    {
        var r = RotationFixtures.Rodrigues(new[] { 1.0, 2.0, 3.0 }, angle);
        var centre = source.Affine.Apply(0.5 * (source.Shape.X - 1), 0.5 * (source.Shape.Y - 1), 0.5 * (source.Shape.Z - 1));
        double[] c = { centre.X, centre.Y, centre.Z };
        double[] half = { 0.5 * (shape.X - 1), 0.5 * (shape.Y - 1), 0.5 * (shape.Z - 1) };
        var m = new double[16];
        for (int row = 0; row < 3; row++)
        {
            double offset = c[row];
            for (int col = 0; col < 3; col++)
            {
                m[row * 4 + col] = r[row, col] * spacing;
                offset -= r[row, col] * spacing * half[col];
            }
            m[row * 4 + 3] = offset;
        }
        m[15] = 1;
        return new Affine(m);
    }

    [Fact]
    public void Cubic_bspline_matches_an_independent_dense_solve_in_1D()
    {
        // Reference: coefficients from the mirror-boundary collocation system solved densely, evaluated with β³(|x|).
        int n = 11;
        var samples = Enumerable.Range(0, n).Select(i => Math.Sin(0.9 * i) + 0.1 * i * i).ToArray();
        var a = new double[n, n];
        for (int k = 0; k < n; k++)
            for (int d = -1; d <= 1; d++)
            {
                int idx = Math.Abs(k + d);
                if (idx > n - 1) idx = 2 * (n - 1) - idx;
                a[k, idx] += d == 0 ? 4.0 / 6 : 1.0 / 6;
            }
        var c = DenseSolve(a, samples);
        double Beta3(double x)
        {
            x = Math.Abs(x);
            return x < 1 ? 2.0 / 3 - x * x + x * x * x / 2 : x < 2 ? Math.Pow(2 - x, 3) / 6 : 0;
        }
        double Reference(double x)
        {
            double s = 0;
            for (int m = -3; m < n + 3; m++)
            {
                int idx = Math.Abs(m) % (2 * n - 2);
                if (idx > n - 1) idx = 2 * n - 2 - idx;
                s += c[idx] * Beta3(x - m);
            }
            return s;
        }

        var spacing = new Spacing(1, 1, 1);
        var v = new Volume(new Shape3(n, 1, 1), samples.Select(s => (float)s).ToArray(), spacing, Affine.Diagonal(spacing));
        // Target grid: x = 0.37·o − 0.45, covering the whole line including the half-voxel mirror margins.
        int count = 29;
        var target = new Affine(new double[] { 0.37, 0, 0, -0.45, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
        var got = Resampler.ResampleOnto(v, new Shape3(count, 1, 1), target);
        for (int o = 0; o < count; o++)
            Assert.Equal(Reference(0.37 * o - 0.45), got[o], 4);
    }

    [Fact]
    public void Cubic_bspline_reproduces_a_cubic_polynomial_away_from_the_border()
    {
        var shape = new Shape3(48, 44, 40);
        var spacing = new Spacing(1, 1, 1);
        double P(double i, double j, double k)
        {
            double x = (i - 24) / 10, y = (j - 22) / 10, z = (k - 20) / 10;
            return 3 + x * x * x - 2 * x * y + 1.5 * y * y * z - z * z * z + x * y * z;
        }
        var v = Make(shape, spacing, (i, j, k) => P(i, j, k));
        var inv = v.Affine.ToRowMajor();

        // Axis-aligned (separable path) and rotated (general path) target grids, both kept more than 12 voxels from the border (mirror influence ~ 0.27^12).
        var shifted = new Affine(new double[] { 0.7, 0, 0, inv[3] + 14.3, 0, 0.6, 0, inv[7] + 14.1, 0, 0, 0.9, inv[11] + 14.45, 0, 0, 0, 1 });
        var rotated = RotatedGrid(v, new Shape3(10, 10, 8), 1.1, 0.8);
        foreach (var (grid, gridShape) in new[] { (shifted, new Shape3(26, 26, 13)), (rotated, new Shape3(10, 10, 8)) })
        {
            var got = Resampler.ResampleOnto(v, gridShape, grid);
            double worst = 0;
            for (int k = 0; k < gridShape.Z; k++)
                for (int j = 0; j < gridShape.Y; j++)
                    for (int i = 0; i < gridShape.X; i++)
                    {
                        var w = grid.Apply(i, j, k);
                        // Source affine is identity plus offset: voxel index = world − offset.
                        double si = w.X - inv[3], sj = w.Y - inv[7], sk = w.Z - inv[11];
                        Assert.True(Math.Min(si, Math.Min(sj, sk)) > 12 && si < 35 && sj < 31 && sk < 27, $"sample at {si:F1},{sj:F1},{sk:F1} within 12 voxels of the border");
                        worst = Math.Max(worst, Math.Abs(got[gridShape.Index(i, j, k)] - P(si, sj, sk)));
                    }
            Assert.True(worst < 2e-5, $"max error {worst}");
        }
    }

    [Fact]
    public void Constants_stay_constant_everywhere_with_every_method()
    {
        var v = Make(new Shape3(17, 9, 6), new Spacing(0.9, 1.1, 3), (_, _, _) => 42.5);
        foreach (var method in Enum.GetValues<Interpolation>())
        {
            var up = Resampler.ResampleToSpacing(v, new Spacing(0.37, 0.5, 0.8), method);
            Assert.All(up.Voxels, x => Assert.Equal(42.5, x, 4));
            var rotated = Resampler.ResampleOnto(v, new Shape3(9, 9, 9), RotatedGrid(v, new Shape3(9, 9, 9), 0.6, 0.5), method);
            Assert.All(rotated, x => Assert.Equal(42.5, x, 4));
        }
    }

    [Fact]
    public void Linear_reproduces_a_linear_function()
    {
        var v = Make(new Shape3(20, 18, 8), new Spacing(1, 1, 2), (i, j, k) => 2 * i - 0.5 * j + 3 * k + 1);
        var up = Resampler.ResampleToSpacing(v, new Spacing(0.5, 0.7, 0.9), Interpolation.Linear);
        for (int k = 0; k < up.Shape.Z; k++)
            for (int j = 0; j < up.Shape.Y; j++)
                for (int i = 0; i < up.Shape.X; i++)
                {
                    // Source index from world via the centred source affine.
                    var w = up.Affine.Apply(i, j, k);
                    double si = (w.X + 0.5 * 19) / 1, sj = (w.Y + 0.5 * 17) / 1, sk = (w.Z + 0.5 * 7 * 2) / 2;
                    if (si < 0 || sj < 0 || sk < 0 || si > 19 || sj > 17 || sk > 7) continue; // mirror margin is not linear
                    Assert.Equal(2 * si - 0.5 * sj + 3 * sk + 1, up[i, j, k], 3);
                }
    }

    [Fact]
    public void Target_grid_keeps_the_field_of_view_centre_and_extent()
    {
        var shape = new Shape3(182, 218, 182);
        var spacing = new Spacing(1, 1, 1);
        var affine = new Affine(new double[] { -1, 0, 0, 90, 0, 1, 0, -126, 0, 0, 1, -72, 0, 0, 0, 1 });
        var (newShape, newAffine) = Resampler.TargetGrid(shape, spacing, affine, new Spacing(0.7, 0.7, 3));
        Assert.Equal(new Shape3(260, 311, 61), newShape); // round(182/0.7) = 260, round(218/0.7) = 311, round(182/3) = 61
        var oldCentre = affine.Apply(0.5 * 181, 0.5 * 217, 0.5 * 181);
        var newCentre = newAffine.Apply(0.5 * 259, 0.5 * 310, 0.5 * 60);
        Assert.Equal(oldCentre.X, newCentre.X, 9);
        Assert.Equal(oldCentre.Y, newCentre.Y, 9);
        Assert.Equal(oldCentre.Z, newCentre.Z, 9);
        Assert.True(newAffine.ColumnNorms().ApproximatelyEquals(new Spacing(0.7, 0.7, 3), 1e-12));
        Assert.Equal(-0.7, newAffine[0, 0], 12); // orientation kept
    }

    [Fact]
    public void One_mm_to_half_mm_and_back_is_within_tolerance_for_a_smooth_volume()
    {
        // Gaussian blob, σ = 4 mm, well inside a 40 mm field of view; peak 1000.
        var shape = new Shape3(40, 40, 40);
        var v = Make(shape, Spacing.Isotropic(1), (i, j, k) =>
            1000 * Math.Exp(-((i - 19.3) * (i - 19.3) + (j - 20.1) * (j - 20.1) + (k - 18.7) * (k - 18.7)) / (2 * 16.0)));
        var half = Resampler.ResampleToSpacing(v, Spacing.Isotropic(0.5));
        Assert.Equal(new Shape3(80, 80, 80), half.Shape);
        var back = Resampler.ResampleToSpacing(half, Spacing.Isotropic(1));
        Assert.Equal(shape, back.Shape);
        Assert.True(back.Affine.MaxAbsDifference(v.Affine) < 1e-12);
        double worst = v.Voxels.Zip(back.Voxels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.2, $"max error {worst} of peak 1000"); // measured 0.055 (5.5e-5 of the peak)
    }

    [Fact]
    public void Nearest_keeps_the_label_set()
    {
        var labels = new float[] { 0, 1, 2, 5 };
        var v = Make(new Shape3(24, 20, 10), new Spacing(1, 1, 2.5), (i, j, k) => labels[(i / 6 + j / 5 + k / 3) % 4]);
        foreach (var target in new[] { new Spacing(0.5, 0.5, 0.5), new Spacing(1.3, 0.7, 3) })
        {
            var r = Resampler.ResampleToSpacing(v, target, Interpolation.Nearest);
            Assert.Equal(labels, r.Voxels.Distinct().OrderBy(x => x));
        }
        var onto = Resampler.ResampleOnto(v, new Shape3(15, 15, 15), RotatedGrid(v, new Shape3(15, 15, 15), 0.8, 1.1), Interpolation.Nearest);
        Assert.Subset(labels.ToHashSet(), onto.ToHashSet());
    }

    [Fact]
    public void Onto_the_reference_grid_is_the_identity_and_keeps_its_header()
    {
        var v = Make(new Shape3(9, 7, 5), new Spacing(0.8, 0.8, 2), (i, j, k) => i * j - k);
        var withHeader = v.WithVoxels(v.Voxels);
        var r = Resampler.ResampleOnto(v, withHeader);
        Assert.Equal(v.Voxels.Select(x => (double)x), r.Voxels.Select(x => (double)x), new Tolerance(1e-4));
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps * (1 + Math.Abs(a));
        public int GetHashCode(double obj) => 0;
    }

    private static double[] DenseSolve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int p = 0; p < n; p++)
        {
            int pivot = Enumerable.Range(p, n - p).MaxBy(r => Math.Abs(m[r, p]));
            for (int c = 0; c < n; c++) (m[p, c], m[pivot, c]) = (m[pivot, c], m[p, c]);
            (x[p], x[pivot]) = (x[pivot], x[p]);
            for (int r = p + 1; r < n; r++)
            {
                double f = m[r, p] / m[p, p];
                for (int c = p; c < n; c++) m[r, c] -= f * m[p, c];
                x[r] -= f * x[p];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            for (int c = r + 1; c < n; c++) x[r] -= m[r, c] * x[c];
            x[r] /= m[r, r];
        }
        return x;
    }
}
