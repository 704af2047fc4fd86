using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Training.Augmentation;

/// <summary>A patch ready for the net: [1, 1, X, Y, Z] image and 0/1 label on a grid of <see cref="Spacing"/>.</summary>
public sealed record TrainingPatch(string Case, Spacing Spacing, Tensor Image, Tensor Label);

/// <summary>
/// Draws training patches as <see cref="PatchSampler"/> does (case, foreground-centred or anywhere) and puts each
/// through <see cref="PatchAugmentation"/>, in the order a scanner and nnU-Net would:
/// <list type="number">
/// <item>the grid: the case's own, or with probability P a random grid from the range (<see cref="GridRange"/>);</item>
/// <item>the spatial transform (<see cref="SpatialDraw"/>), read from the case on its own grid, so the anatomy turns before
/// it is acquired;</item>
/// <item>the re-acquisition on the drawn grid (<see cref="Reacquisition"/>); a model on a resampled grid (the U-Net @1mm)
/// then gets the acquired patch through its own preprocessing contract, as at test time;</item>
/// <item>nnU-Net's intensity transforms (<see cref="IntensityAugmentation"/>) and mirroring along each axis.</item>
/// </list>
/// With no augmentation it is exactly <see cref="PatchSampler"/>: the same draws, the same patches. Every draw comes from
/// the one <see cref="SeededRandom"/>, whose state the checkpoint keeps, so a resumed run draws what the uninterrupted
/// run would have.
/// </summary>
public sealed class AugmentedPatchSampler
{
    private readonly IReadOnlyList<TrainingCase> _cases;
    private readonly PatchSize _patch;
    private readonly SeededRandom _random;
    private readonly double _foregroundShare;
    private readonly PatchAugmentation _augmentation;
    private readonly Preprocessing _preprocessing;
    private readonly PatchSampler _plain;

    public AugmentedPatchSampler(IReadOnlyList<TrainingCase> cases, PatchSize patch, SeededRandom random, double foregroundShare,
                                 PatchAugmentation augmentation, Preprocessing preprocessing, bool padToPatch)
    {
        (_cases, _patch, _random, _foregroundShare, _augmentation, _preprocessing) = (cases, patch, random, foregroundShare, augmentation, preprocessing);
        PadToPatch = padToPatch;
        _plain = new PatchSampler(cases, patch, random, foregroundShare) { PadToPatch = padToPatch };
    }

    public bool PadToPatch { get; }

    public TrainingPatch Next(Device? device = null)
    {
        if (_augmentation.IsNone)
        {
            var p = _plain.Next();
            return new TrainingPatch(p.Case, p.Spacing, VolumeTensors.ToBatch(p.Image, p.Shape.X, p.Shape.Y, p.Shape.Z, device),
                                     VolumeTensors.ToBatch(p.Label, p.Shape.X, p.Shape.Y, p.Shape.Z, device));
        }
        using var scope = NewDisposeScope();
        var c = _cases[_random.Next(_cases.Count)];
        Spacing? grid = _augmentation.GridProbability > 0 && _random.NextDouble() < _augmentation.GridProbability
            ? Rounded(_augmentation.Grids.Draw(_random))
            : null;
        var modelGrid = _preprocessing.Grid.IsNative ? grid ?? c.Spacing : c.Spacing;
        var shape = Clip(_patch.For(modelGrid), c, modelGrid);
        // The acquired grid covers the model's patch; on a resampled model it is cut back to the patch after resampling.
        var acquiredShape = grid is Spacing g && !_preprocessing.Grid.IsNative ? Cover(shape, modelGrid, g) : shape;
        var source = grid is Spacing gs ? Cover(acquiredShape, gs, c.Spacing, margin: true) : shape;

        var centre = Centre(c, source);
        var transforms = _augmentation.Transforms;
        var spatial = transforms is null ? SpatialDraw.Identity : SpatialDraw.From(transforms, c.Spacing, _random);
        var (image, label) = spatial.IsIdentity
            ? CaseWindow.Cut(c, [.. Enumerable.Range(0, 3).Select(a => (int)Math.Round(centre[a] - (source[a] - 1) / 2.0))], source)
            : CaseWindow.Sample(c, centre, source, spatial);
        var spacing = c.Spacing;
        if (grid is Spacing acquired)
        {
            (image, label) = Reacquisition.Acquire(image, label, c.Spacing, TargetAxis.Centred(source, c.Spacing, acquiredShape, acquired), Reacquisition.Draw.From(_random));
            spacing = acquired;
            if (!_preprocessing.Grid.IsNative) (image, label, spacing) = ToModelGrid(image, label, acquired, shape);
        }
        if (transforms is not null)
        {
            image = IntensityAugmentation.Apply(image, spacing, transforms, _random);
            var flips = Enumerable.Range(0, 3).Where(_ => _random.NextDouble() < transforms.MirrorP).Select(a => (long)a).ToArray();
            if (flips.Length > 0) (image, label) = (image.flip(flips), label.flip(flips));
        }
        var x = image.reshape(1, 1, image.shape[0], image.shape[1], image.shape[2]).contiguous();
        var y = label.reshape(1, 1, label.shape[0], label.shape[1], label.shape[2]).contiguous();
        if (device is not null && device.type != DeviceType.CPU) (x, y) = (x.to(device), y.to(device));
        return new TrainingPatch(c.Name, spacing, x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>The window's centre (case voxels) where <see cref="PatchSampler"/> places a window of this size.</summary>
    private double[] Centre(TrainingCase c, Shape3 window)
    {
        var start = PatchSampler.Place(c, window, _random, _foregroundShare);
        return [.. Enumerable.Range(0, 3).Select(a => start[a] + (Math.Min(window[a], c.Shape[a]) - 1) / 2.0)];
    }

    /// <summary>Without padding a patch is no larger than the case (in mm) along any axis.</summary>
    private Shape3 Clip(Shape3 shape, TrainingCase c, Spacing spacing)
    {
        if (PadToPatch) return shape;
        int Axis(int a) => Math.Min(shape[a], Math.Max(1, (int)Math.Floor(c.Shape[a] * c.Spacing[a] / spacing[a] + 1e-6)));
        return new Shape3(Axis(0), Axis(1), Axis(2));
    }

    /// <summary>
    /// Voxels on <paramref name="to"/> that cover <paramref name="shape"/> voxels of <paramref name="from"/>; with a margin, also
    /// the reach of the acquisition's profiles beyond them (4 voxels of <paramref name="from"/> a side: a zero-filled
    /// acquisition's widest Gaussian, FWHM 2.6 voxels, is negligible 3.5 σ out).
    /// </summary>
    private static Shape3 Cover(Shape3 shape, Spacing from, Spacing to, bool margin = false)
    {
        int Axis(int a) => (int)Math.Ceiling((shape[a] + (margin ? 8 : 0)) * from[a] / to[a]) + 1;
        return new Shape3(Axis(0), Axis(1), Axis(2));
    }

    /// <summary>Spacings on a 0.01 mm grid: readable in logs, and a finite set of kernel plans.</summary>
    private static Spacing Rounded(Spacing s) => new(Math.Round(s.X, 2), Math.Round(s.Y, 2), Math.Round(s.Z, 2));

    /// <summary>The acquired patch through the model's own contract (resampled to its grid), cut to the patch's shape about its centre.</summary>
    private (Tensor Image, Tensor Label, Spacing Spacing) ToModelGrid(Tensor image, Tensor label, Spacing acquired, Shape3 shape)
    {
        var s = new Shape3((int)image.shape[0], (int)image.shape[1], (int)image.shape[2]);
        var affine = Affine.Diagonal(acquired);
        var (onGrid, labelOnGrid) = _preprocessing.ToGrid(new Volume(s, VolumeTensors.ToVoxels(image), acquired, affine),
                                                          new Volume(s, VolumeTensors.ToVoxels(label), acquired, affine));
        var start = Enumerable.Range(0, 3).Select(a => (onGrid.Shape[a] - shape[a]) / 2).ToArray();
        var window = new TrainingCase("", "", onGrid.Shape, onGrid.Spacing, onGrid.Voxels, labelOnGrid.Voxels.Select(v => v > 0.5f ? (byte)1 : (byte)0).ToArray());
        var (i, l) = CaseWindow.Cut(window, start, shape);
        return (i, l, onGrid.Spacing);
    }
}
