using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using System.CommandLine;
using NativeSeg.Evaluation;
using NativeSeg.Imaging;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg overlay`: a slice with TP blue, FN green, FP red (the paper's Figure 2), in the acquisition plane by default.</summary>
public sealed class OverlayCommand : ICliCommand
{
    public Command Build()
    {
        var image = new Option<string>("--image") { Description = "the image (e.g. FLAIR)", Required = true };
        var truth = new Option<string>("--truth") { Description = "truth mask on the image's grid", Required = true };
        var pred = new Option<string>("--pred") { Description = "predicted mask on the image's grid", Required = true };
        var output = new Option<string>("--out") { Description = "output PNG", Required = true };
        var slice = new Option<int?>("--slice") { Description = "slice index along the plane's normal axis (default: the slice with most truth voxels)" };
        var plane = new Option<string?>("--plane") { Description = "axial, coronal or sagittal (default: the acquisition plane)" };
        var command = new Command("overlay", "Draw truth vs prediction on a slice: true positives blue, false negatives green, false positives red.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { image, truth, pred, output, slice, plane, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            string ip = parse.GetValue(image)!, tp = parse.GetValue(truth)!, pp = parse.GetValue(pred)!;
            OutputGuard.RequireNotAnInput(parse.GetValue(output)!, [ip, tp, pp]);
            OutputGuard.RequireReplaceable(parse.GetValue(output)!, parse.GetValue(overwrite));
            var img = NiftiReader.Read(ip);
            var t = NiftiReader.Read(tp);
            var p = NiftiReader.Read(pp);
            VolumeChecks.RequireSameGrid(img, t, ip, tp);
            VolumeChecks.RequireSameGrid(img, p, ip, pp);
            var chosen = parse.GetValue(plane) is { } name ? Planes.Parse(name) : Planes.Acquisition(img);
            int drawn = OverlayRenderer.Write(parse.GetValue(output)!, img, Mask.From(t), [new OverlayRenderer.Panel("", Mask.From(p))], chosen, parse.GetValue(slice), Path.GetFileName(pp));
            Console.Out.WriteLine($"{parse.GetValue(output)}: {chosen.ToString().ToLowerInvariant()} slice {drawn}, TP blue, FN green, FP red");
            return 0;
        }));
        return command;
    }
}
