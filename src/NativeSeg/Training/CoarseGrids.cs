using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Training;

/// <summary>
/// Training copies on coarser grids (`--coarse-grids MM`). An RA-U-Net's kernels are sampled at the lattice points of
/// the grids it trains on; the cpu sweep found the Table 3 model (trained at 1 mm and finer in-plane) collapsing at
/// 1.5 mm although the images hold the lesions (docs/results/cpu-protocol.md, "The sweep"). Each copy draws u uniformly
/// between the case's finest spacing and MM and sets every axis finer than u to u (a 0.5x0.5x1 mm case at u = 1.5
/// becomes 1.5 mm isotropic; a 0.45x0.45x5 mm 2D case becomes u x u x 5), resampled with the model's own
/// interpolations (cubic image, nearest label). The image is resampled after normalization: a resampled z-score stays
/// a z-score to within the interpolation's smoothing.
/// </summary>
public static class CoarseGrids
{
    public static IReadOnlyList<TrainingCase> Of(IReadOnlyList<TrainingCase> cases, double coarsestMm, long seed, Preprocessing preprocessing, Action<string>? progress = null)
    {
        var random = new SeededRandom(seed ^ 0xC0A25E);
        var copies = new List<TrainingCase>();
        foreach (var c in cases)
        {
            double finest = Math.Min(c.Spacing.X, Math.Min(c.Spacing.Y, c.Spacing.Z));
            if (coarsestMm <= finest) continue;
            double u = finest + random.NextDouble() * (coarsestMm - finest);
            var target = new Spacing(Math.Max(c.Spacing.X, u), Math.Max(c.Spacing.Y, u), Math.Max(c.Spacing.Z, u));
            progress?.Invoke(c.Name);
            var grid = preprocessing with { Grid = InputGrid.Resampled(target) };
            var affine = Affine.Diagonal(c.Spacing);
            var (image, label) = grid.ToGrid(new Volume(c.Shape, c.Image, c.Spacing, affine),
                                             new Volume(c.Shape, c.Label.Select(v => (float)v).ToArray(), c.Spacing, affine));
            copies.Add(new TrainingCase($"{c.Name}@{target}", c.Group, image.Shape, image.Spacing, image.Voxels,
                                        label.Voxels.Select(v => v > 0.5f ? (byte)1 : (byte)0).ToArray()));
        }
        return copies;
    }
}
