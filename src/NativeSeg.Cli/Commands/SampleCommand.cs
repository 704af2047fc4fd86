using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.CommandLine;
using NativeSeg.Imaging;
using NativeSeg.Imaging.Resampling;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg sample --out FILE [--shape X,Y,Z] [--spacing X,Y,Z]`: a smooth synthetic float32 image (Gaussian blobs).</summary>
public sealed class SampleCommand : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "output .nii or .nii.gz", Required = true };
        var shape = new Option<string>("--shape") { Description = "voxel counts, e.g. 64,64,40", DefaultValueFactory = _ => "64,64,40" };
        var spacing = new Option<string>("--spacing") { Description = "voxel size in mm, e.g. 0.5,0.5,3", DefaultValueFactory = _ => "0.5,0.5,3" };
        var seed = new Option<int>("--seed") { Description = "random seed for the blob positions", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Write a smooth synthetic float32 NIfTI image (a few Gaussian blobs) with sform and qform.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { output, shape, spacing, seed, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var grid = Shape3.Parse(parse.GetValue(shape)!);
            if (grid.Count > Resampler.MaxOutputVoxels)
                throw new UserInputException($"--shape {grid}: {grid.Count:g4} voxels, more than the {Resampler.MaxOutputVoxels} an image written here may hold");
            var volume = SampleVolume.GaussianBlobs(grid, Spacing.Parse(parse.GetValue(spacing)!), parse.GetValue(seed));
            string path = parse.GetValue(output)!;
            OutputGuard.RequireReplaceable(path, parse.GetValue(overwrite));
            NiftiWriter.Write(volume, path);
            Console.Out.WriteLine($"wrote {path} ({volume.Shape}, {volume.Spacing} mm)");
            return 0;
        }));
        return command;
    }
}
