using NativeSeg.Nets.Execution;
using System.CommandLine;
using System.Globalization;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Fixtures;
using NativeSeg.Imaging;
using NativeSeg.Nets.Fixtures;
using NativeSeg.SelfTest;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg selftest [--fixtures DIR]`: the equivariant primitives against e3nn reference fixtures.</summary>
public sealed class SelftestCommand : ICliCommand
{
    public Command Build()
    {
        var fixtures = new Option<string>("--fixtures")
        {
            Description = "Folder of e3nn-format fixture files (*.json); default: the copy shipped beside the program",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "testdata", "e3nn"),
        };
        var command = new Command("selftest",
            $"Check the equivariant layers against e3nn reference fixtures (max abs error <= {FixtureCheckResult.DefaultTolerance.ToString("0e0", CultureInfo.InvariantCulture)}; the whole " +
                $"published network <= {PublishedUNetCheck.RelativeTolerance.ToString("0e0", CultureInfo.InvariantCulture)} of its largest output)");
        command.Options.Add(fixtures);
        command.SetAction(parseResult => UserError.Guard(() =>
        {
            string dir = parseResult.GetValue(fixtures)!;
            var reports = SelfTestRunner.Run(dir);
            var table = new Table().AddColumns("file", "status", "max abs error", "tolerance", "values", "detail");
            foreach (var r in reports)
            {
                string error = r.MaxAbsError is double e ? e.ToString("0.00e+00", CultureInfo.InvariantCulture) : "-";
                string tolerance = r.Tolerance is double t ? t.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-";
                string status = r.Status switch
                {
                    FixtureStatus.Passed => "[green]ok[/]",
                    FixtureStatus.Failed => "[red]FAIL[/]",
                    FixtureStatus.Error => "[red]ERROR[/]",
                    _ => "[yellow]skipped[/]",
                };
                table.AddRow(Markup.Escape(r.FileName), status, error, tolerance, r.Values.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Detail));
            }
            // A console on the current Console.Out (not AnsiConsole's cached one), so redirected output is captured,
            // wide enough that each file stays on one line.
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
            console.Write(table);
            // Which exact float32 conv3d path the start-up probe chose (DEVELOPERS.md, the oneDNN fault): what a bug report needs.
            Console.WriteLine($"float32 conv3d path on this machine: {EnumNames.Name(Convolution3d.Path)} " + (Convolution3d.ForcedPath is null
                ? "(the fallback: each layer takes its measured fastest exact path; NATIVESEG_CONV_PATH=plain|channels-last|padded|channels-last-padded forces one)"
                : "(forced on every layer by NATIVESEG_CONV_PATH)"));
            string Verdict(bool trusted, string what) => !ConvolutionPrecision.CpuHasBf16 ? "no (the CPU has no native bfloat16)"
                : trusted ? "yes" : $"no (a start-up probe on this machine found NaN or wrong {what})";
            Console.WriteLine($"bfloat16 training (--precision bf16): {Verdict(ConvolutionPrecision.Bf16Trusted, "gradients")}");
            Console.WriteLine($"bfloat16 prediction (--precision bf16): {Verdict(ConvolutionPrecision.Bf16TrustedForInference, "outputs")}");
            bool ok = SelfTestRunner.AllPassed(reports);
            int checkedFiles = reports.Count(r => r.Status == FixtureStatus.Passed);
            Console.WriteLine(ok
                ? $"selftest passed: {checkedFiles} of {reports.Count} files checked, all within tolerance"
                : $"selftest FAILED: {string.Join(", ", reports.Where(r => r.Status is FixtureStatus.Failed or FixtureStatus.Error).Select(r => r.FileName))}");
            return ok ? 0 : 1;
        }));
        return command;
    }
}
