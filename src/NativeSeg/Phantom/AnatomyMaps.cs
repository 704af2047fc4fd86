using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Imaging;

namespace NativeSeg.Phantom;

/// <summary>Writes an <see cref="AnatomyModel"/>'s grids as NIfTI files (tissue codes, regions, distances) so they can be viewed.</summary>
public static class AnatomyMaps
{
    public static void Write(AnatomyModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        var fineAffine = AxisAligned(model.FineOrigin, AnatomyModel.FineStep);
        var coarseAffine = AxisAligned(model.CoarseOrigin, AnatomyModel.CoarseStep);
        Save(model.FineShape, model.Tissue, fineAffine, AnatomyModel.FineStep, Path.Combine(folder, "tissue_0.5mm.nii.gz"), NiftiDataType.UInt8);
        Save(model.CoarseShape, model.Flags, coarseAffine, 1, Path.Combine(folder, "regions_1mm.nii.gz"), NiftiDataType.UInt8);
        Save(model.CoarseShape, model.VentricleDistance, coarseAffine, 1, Path.Combine(folder, "ventricle_distance_0.25mm.nii.gz"), NiftiDataType.UInt8);
        Save(model.CoarseShape, model.CortexDistance, coarseAffine, 1, Path.Combine(folder, "cortex_distance_0.25mm.nii.gz"), NiftiDataType.UInt8);
    }

    private static Affine AxisAligned(Vec3 origin, double step) =>
        new(new[] { step, 0, 0, origin.X, 0, step, 0, origin.Y, 0, 0, step, origin.Z, 0, 0, 0, 1 });

    private static void Save(Shape3 shape, byte[] values, Affine affine, double step, string path, NiftiDataType type) =>
        NiftiWriter.Write(new Volume(shape, values.Select(v => (float)v).ToArray(), Spacing.Isotropic(step), affine), path, type);
}
