using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NativeSeg.Phantom;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg synth-anatomy --template ch2better.nii.gz --out FILE [--crop x0,y0,z0,x1,y1,z1]`: derives the
/// compact tissue model the phantom generator deforms (the one shipped in assets/phantom/ was made this way).
/// </summary>
public sealed class SynthAnatomyCommand : ICliCommand
{
    public Command Build()
    {
        var template = new Option<string>("--template") { Description = "Colin27 ch2better.nii.gz (Debian mricron-data: /usr/share/mricron/templates/)", Required = true };
        var output = new Option<string>("--out") { Description = "output model file (.bin.br)", Required = true };
        var crop = new Option<string?>("--crop") { Description = "only a world box, x0,y0,z0,x1,y1,z1 in template mm (for quick checks)" };
        var maps = new Option<string?>("--maps") { Description = "also write the model's maps as NIfTI files into this folder (for viewing)" };
        var command = new Command("synth-anatomy", "Derive the phantom's compact tissue model from the Colin27 template ch2better.nii.gz.");
        var overwrite = OverwriteOption.Create();
        foreach (var o in new Option[] { template, output, crop, maps, overwrite }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var watch = Stopwatch.StartNew();
            (Vec3, Vec3)? box = null;
            if (parse.GetValue(crop) is { } text)
            {
                var v = text.Split(',').Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                if (v.Length != 6) throw new UserInputException($"crop '{text}': expected six numbers x0,y0,z0,x1,y1,z1");
                box = (new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]));
            }
            var model = AnatomyDerivation.Derive(parse.GetValue(template)!, box);
            string path = parse.GetValue(output)!;
            OutputGuard.RequireReplaceable(path, parse.GetValue(overwrite));
            AnatomyFile.Write(model, path);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({new FileInfo(path).Length / 1024} kB): fine {model.FineShape} at 0.5 mm, coarse {model.CoarseShape} at 1 mm, " +
                $"GM peak {model.GreyPeak}, WM peak {model.WhitePeak}, ICV {model.Count(AnatomyModel.Region.Intracranial) / 1000.0:0.00} mL·1000, " +
                $"ventricles {model.Count(AnatomyModel.Region.Ventricle) / 1000.0:0.0} mL, {watch.Elapsed.TotalSeconds:0.0} s"));
            var vent = model.Centroid(AnatomyModel.Region.Ventricle);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ventricle centroid ({vent.X:0.0}, {vent.Y:0.0}, {vent.Z:0.0}) mm, CSF " +
                $"{model.Count(AnatomyModel.Region.Csf) / 1000.0:0.0} mL, white matter {model.Count(AnatomyModel.Region.WhiteMatter) / 1000.0:0.0} mL, infratentorial " +
                $"{model.Count(AnatomyModel.Region.Infratentorial) / 1000.0:0.0} mL"));
            if (parse.GetValue(maps) is { } dir) AnatomyMaps.Write(model, dir);
            return 0;
        }));
        return command;
    }
}
