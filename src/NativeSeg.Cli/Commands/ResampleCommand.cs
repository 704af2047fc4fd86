using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.CommandLine;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg resample IN --out OUT (--spacing S | --like REF) [--interp cubic|linear|nearest]`: to a spacing
/// (extent kept, field of view centred) or onto another image's grid (whose geometry the output copies).
/// </summary>
public sealed class ResampleCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Argument<string>("input") { Description = "a 3D .nii or .nii.gz image" };
        var output = new Option<string>("--out") { Description = "output .nii or .nii.gz", Required = true };
        var spacing = new Option<string?>("--spacing") { Description = "target voxel size in mm, e.g. 1 or 0.5,0.5,3" };
        var like = new Option<string?>("--like") { Description = "resample onto the grid of this image instead" };
        var interp = new Option<string>("--interp") { Description = "cubic (B-spline), linear or nearest (labels)", DefaultValueFactory = _ => "cubic" };
        var volume = new Option<int?>("--volume") { Description = "volume index (0-based) of a 4D input" };
        var force = new Option<bool>("--force") { Description = $"write outputs larger than {Resampler.MaxOutputVoxels} voxels ({Resampler.MaxOutputVoxels * 4 >> 20} MiB as float32)" };
        var command = new Command("resample", "Resample an image to a voxel spacing or onto another image's grid.");
        command.Arguments.Add(input);
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { output, spacing, like, interp, volume, force, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            string path = parse.GetValue(input)!;
            string? spacingText = parse.GetValue(spacing), likePath = parse.GetValue(like);
            if ((spacingText == null) == (likePath == null))
                throw new UserInputException("give exactly one of --spacing and --like");
            var method = InterpolationNames.Parse(parse.GetValue(interp)!);
            OutputGuard.RequireNotAnInput(parse.GetValue(output)!, likePath is null ? [path] : [path, likePath]);
            OutputGuard.RequireReplaceable(parse.GetValue(output)!, parse.GetValue(overwrite));
            var source = NiftiReader.Read(path, parse.GetValue(volume));
            if (method != Interpolation.Nearest) VolumeChecks.RequireFinite(source, path);
            var targetShape = likePath != null
                ? NiftiReader.ReadHeader(likePath).SpatialShape
                : Resampler.TargetGrid(source.Shape, source.Affine.ColumnNorms(), source.Affine, Spacing.Parse(spacingText!)).Shape;
            // In double: three axes of up to 2^31 voxels overflow a long.
            double voxels = (double)targetShape.X * targetShape.Y * targetShape.Z;
            if (voxels > Resampler.MaxOutputVoxels && (!parse.GetValue(force) || voxels * 4 > Array.MaxLength))
                throw new UserInputException($"{path}: the output would be {targetShape} = {voxels:g4} voxels ({voxels * 4 / (1 << 30):g3} GiB as float32), more than " +
                    $"{Resampler.MaxOutputVoxels}{(voxels * 4 > Array.MaxLength ? "" : "; add --force to write it")}");

            var result = likePath != null
                ? Resampler.ResampleOnto(source, NiftiReader.Read(likePath, 0), method)
                : Resampler.ResampleToSpacing(source, Spacing.Parse(spacingText!), method);
            var sourceType = ((NiftiHeader)source.Header!).DataType;
            var type = method == Interpolation.Nearest ? sourceType : NiftiDataType.Float32;
            string outPath = parse.GetValue(output)!;
            NiftiWriter.Write(result, outPath, type);
            Console.Out.WriteLine($"wrote {outPath} ({result.Shape}, {result.Spacing} mm, {type.Name()})");
            return 0;
        }));
        return command;
    }
}
