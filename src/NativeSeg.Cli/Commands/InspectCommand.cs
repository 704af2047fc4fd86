using NativeSeg.Cli.Progress;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NativeSeg.Data;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg inspect DATA [--json] [--strict]`: the dataset audit before training (<see cref="DatasetAudit"/>).
/// Refuses nothing; exit 1 only with --strict when there are problems or warnings.
/// </summary>
public sealed class InspectCommand : ICliCommand
{
    public Command Build()
    {
        var data = new Argument<string>("data") { Description = "an nnU-Net raw dataset folder (dataset.json, imagesTr, labelsTr, imagesTs, labelsTs)" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
        var strict = new Option<bool>("--strict") { Description = "exit 1 when any problem or warning was found" };
        var command = new Command("inspect", "Audit a dataset before training: spacings, orientations, qform/sform, labels, geometry, spacing clusters.");
        command.Arguments.Add(data);
        command.Options.Add(json);
        command.Options.Add(strict);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var report = DatasetAudit.Run(parse.GetValue(data)!);
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            else Print(report);
            return parse.GetValue(strict) && (report.HasProblems || report.HasWarnings) ? 1 : 0;
        }));
        return command;
    }

    private static void Print(AuditReport report)
    {
        var table = new Table().AddColumns("case", "split", "group", "shape", "spacing (mm)", "orient", "q/s", "labels", "notes");
        // Notes go below the table as whole lines: a narrow terminal would wrap them inside a cell.
        foreach (var c in report.Cases)
            table.AddRow(Markup.Escape(c.Case), c.Split, Markup.Escape(c.Group), c.Shape.ToString(), c.Spacing.ToString(), c.Orientation,
                $"{c.QformCode}/{c.SformCode}", string.Join(",", c.LabelValues.Select(v => v.ToString(CultureInfo.InvariantCulture))),
                (c.Problems.Count + c.Warnings.Count).ToString(CultureInfo.InvariantCulture));
        ConsoleTables.Write(table);
        foreach (var c in report.Cases)
        {
            foreach (var p in c.Problems) Console.Out.WriteLine($"{c.Case}: PROBLEM: {p}");
            foreach (var w in c.Warnings) Console.Out.WriteLine($"{c.Case}: warning: {w}");
        }
        foreach (var cluster in report.Clusters)
            Console.Out.WriteLine($"cluster {cluster.Spacing} mm: {cluster.Cases.Count} case(s), planes {string.Join(", ", cluster.Planes.Distinct())}");
        foreach (var w in report.Warnings) Console.Out.WriteLine($"warning: {w}");
        int problems = report.Cases.Sum(c => c.Problems.Count), warnings = report.Warnings.Count + report.Cases.Sum(c => c.Warnings.Count);
        Console.Out.WriteLine($"{report.Cases.Count} case(s), {report.Clusters.Count} spacing cluster(s), {problems} problem(s), {warnings} warning(s)");
    }
}
