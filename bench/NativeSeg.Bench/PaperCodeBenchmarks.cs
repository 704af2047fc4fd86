using System.Diagnostics;
using System.Globalization;
using NativeSeg.Experiments;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Bench;

/// <summary>
/// NativeSeg's RA-U-Net training step beside the paper's own code's (bench/paper-code/step.py: e3nn_Unet on e3nn 0.5.1),
/// paper size, 64³, batch 1, at 1 mm, 0.5x0.5x3 mm and 0.5x0.5x1 mm, in one run. The paper's code runs in a Python
/// process that builds its net and takes a warm-up step before timing starts, then one step per request, so both sides
/// are timed the same way. NATIVESEG_PAPER_CODE names the folder holding e3nn, opt_einsum_fx, opt_einsum and e3nn_Unet
/// (bench/paper-code/side-by-side.sh lays it out); without it the suite has no cases and says so.
/// </summary>
public sealed class PaperCodeBenchmarks : IBenchmarkSuite
{
    private readonly Dictionary<string, double> _nativeSeg = new();

    public string Key => "paper-code";

    public string Title => "Side by side with the paper's code: RA-U-Net training step, paper size, 64^3 (float32)";

    public IEnumerable<BenchmarkCase> Cases()
    {
        if (Environment.GetEnvironmentVariable("NATIVESEG_PAPER_CODE") is not { Length: > 0 } site)
        {
            Console.Error.WriteLine("paper-code: NATIVESEG_PAPER_CODE is not set; run bench/paper-code/side-by-side.sh, which lays out the paper's code");
            yield break;
        }
        foreach (var spacing in new[] { Spacing.Isotropic(1), new Spacing(0.5, 0.5, 3), new Spacing(0.5, 0.5, 1) })
        {
            string at = $"{spacing} mm";
            torch.manual_seed(0);
            var net = NetFactory.Create(ExperimentScale.Paper.Config(ModelKind.RaUNet));
            var optimizer = optim.Adam(net.parameters(), 1e-3);
            yield return new BenchmarkCase($"NativeSeg: {at}", () => TrainingStep.Run(net, optimizer, [1, 1, 64, 64, 64], spacing),
                Repeats: 2, WarmUp: 1, Notes: t => { _nativeSeg[at] = t; return ""; });
            PythonStep? python = null;
            yield return new BenchmarkCase($"paper's code: {at}", () => python!.Step(), Repeats: 2, WarmUp: 0,
                Setup: () => python = new PythonStep(site, spacing),
                Notes: t =>
                {
                    string note = string.Create(CultureInfo.InvariantCulture, $"{python!.Versions}; {t / _nativeSeg[at]:0.00}x NativeSeg's step");
                    python.Dispose();
                    return note;
                });
        }
    }

    /// <summary>bench/paper-code/step.py at one spacing, its net built and warmed up; <see cref="Step"/> runs one step.</summary>
    private sealed class PythonStep : IDisposable
    {
        private readonly Process _process;

        public string Versions { get; }

        public PythonStep(string site, Spacing spacing)
        {
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                Environment = { ["PYTHONPATH"] = site },
            };
            start.ArgumentList.Add(Path.Combine(BenchmarkRunner.RepoRoot, "bench", "paper-code", "step.py"));
            start.ArgumentList.Add("--spacing");
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{spacing.X},{spacing.Y},{spacing.Z}"));
            _process = Process.Start(start) ?? throw new InvalidOperationException("paper-code: python3 did not start");
            Versions = Read("ready ");
        }

        public void Step()
        {
            _process.StandardInput.WriteLine("step");
            Read("done");
        }

        private string Read(string expected)
        {
            string line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("paper-code: step.py ended (its error is above)");
            if (!line.StartsWith(expected, StringComparison.Ordinal)) throw new InvalidOperationException($"paper-code: step.py said '{line}'");
            return line[expected.Length..];
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
