using System.CommandLine;
using NativeSeg.Cli.Progress;
using NativeSeg.Reports;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg report`: the offline browser report (case table, box plot, NiiVue viewer with toggled overlays).</summary>
public sealed class ReportCommand : ICliCommand
{
    public Command Build()
    {
        var images = new Option<string>("--images") { Description = "folder of images (case_0000.nii.gz, as imagesTs)", Required = true };
        var truth = new Option<string>("--truth") { Description = "folder of truth masks (case.nii.gz, as labelsTs)", Required = true };
        var pred = new Option<string[]>("--pred") { Description = "a model's predictions as NAME=DIR; repeat for each model (the order of the overlays)", Required = true };
        var cases = new Option<string?>("--cases") { Description = "cases.tsv naming each case's group" };
        var title = new Option<string>("--title") { Description = "the page's title", DefaultValueFactory = _ => "NativeSeg report" };
        var staticOnly = new Option<bool>("--static") { Description = "static pictures only, without the interactive viewer" };
        var output = new Option<string>("--out") { Description = "the report's folder (new or empty); open its index.html in a browser", Required = true };
        var command = new Command("report", "Write an offline browser report: per-case table, box plot, and an interactive viewer with truth and prediction overlays.");
        foreach (var o in new Option[] { images, truth, pred, cases, title, staticOnly, output }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var models = parse.GetValue(pred)!.Select(ParseModel).ToList();
            var viewer = parse.GetValue(staticOnly) ? ViewerScript.None("the report was written with --static") : ViewerScript.Find();
            var input = new ReportInput(parse.GetValue(images)!, parse.GetValue(truth)!, models, parse.GetValue(title)!, parse.GetValue(cases));
            var summary = HtmlReport.Write(input, parse.GetValue(output)!, viewer, new LineProgress());
            Console.Out.WriteLine($"{summary.Index}: {summary.Cases} case(s), {models.Count} model(s), " +
                                  (summary.ViewerProblem is null ? "interactive viewer" : $"static pictures ({summary.ViewerProblem})"));
            return 0;
        }));
        return command;
    }

    private static ReportModel ParseModel(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new UserInputException($"--pred '{text}': expected NAME=DIR, e.g. ra-unet=predictions/ra-unet");
        return new ReportModel(text[..eq], text[(eq + 1)..]);
    }
}
