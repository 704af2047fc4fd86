using NativeSeg.Imaging.Geometry;
using NativeSeg.Tests.Experiments;
using System.Diagnostics;

namespace NativeSeg.Tests.Cluster;

/// <summary>
/// Against a real single-node Slurm (<see cref="LocalSlurm"/>): a 2-shard prediction job array and a tiny experiment
/// submitted as a dependency chain give byte-identical outputs to one local process (both single-threaded).
/// </summary>
[Collection("Console")]
public class SlurmTests : IClassFixture<LocalSlurm>
{
    private readonly LocalSlurm _slurm;

    public SlurmTests(LocalSlurm slurm)
    {
        _slurm = slurm;
    }

    private static string Nativeseg => Path.Combine(AppContext.BaseDirectory, "nativeseg");

    private static void RunLocally(params string[] args)
    {
        var start = new ProcessStartInfo(Nativeseg, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"nativeseg {string.Join(" ", args)}: {err.Result}");
    }

    internal static void AssertSameFiles(string expected, string actual)
    {
        var names = Directory.GetFiles(expected).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names, Directory.GetFiles(actual).Select(Path.GetFileName).Order().ToList());
        foreach (var name in names) Assert.True(File.ReadAllBytes(Path.Combine(expected, name!)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name!))), $"{name} differs");
    }

    [Fact]
    public void ATwoShardPredictionArrayWritesWhatOneProcessWrites()
    {
        Assert.True(_slurm.Unavailable is null, _slurm.Unavailable);
        using var dir = new TempFolder();
        BlobDataset.Write(dir.File("data"), 5, new Shape3(10, 10, 8), new Spacing(1, 1, 1.5));
        RunLocally("train", "--data", dir.File("data"), "--model", "unet", "--out", dir.File("m"), "--patch", "8", "--epochs", "1", "--steps-per-epoch", "2", "--features", "2", "--levels", "2");
        RunLocally("predict", "--model", dir.File("m"), "--input", dir.File("data/imagesTr"), "--output", dir.File("single"));

        File.WriteAllText(dir.File("predict.sbatch"), $"""
            #!/usr/bin/env bash
            #SBATCH --array=1-2
            #SBATCH --cpus-per-task=1
            #SBATCH --mem=1G
            #SBATCH --output={dir.File("predict-%a.out")}
            export OMP_NUM_THREADS=1
            exec {Nativeseg} predict --model {dir.File("m")} --input {dir.File("data/imagesTr")} --output {dir.File("sharded")} --shard "$SLURM_ARRAY_TASK_ID/2"

            """);
        var clock = Stopwatch.StartNew();
        string job = _slurm.Exec("sbatch", $"--parsable {dir.File("predict.sbatch")}").Trim().Split(';')[0];
        _slurm.WaitFor([job], TimeSpan.FromMinutes(3));
        Assert.Contains("predicted 3 case(s) (shard 1/2)", File.ReadAllText(dir.File("predict-1.out")));
        Assert.Contains("predicted 2 case(s) (shard 2/2)", File.ReadAllText(dir.File("predict-2.out")));
        AssertSameFiles(dir.File("single"), dir.File("sharded"));
        var (code, stdout, _) = CliCapture.Run("status", "--input", dir.File("data/imagesTr"), "--output", dir.File("sharded"));
        Assert.Equal((0, true), (code, stdout.Contains("5 of 5 case(s) done")));
        Console.Error.WriteLine($"slurm: 2-shard array of 5 cases in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void AnExperimentSubmittedAsADependencyChainMatchesALocalRun()
    {
        Assert.True(_slurm.Unavailable is null, _slurm.Unavailable);
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        string[] experiment = ["experiment", "--protocol", "2d3d", "--scale", "tiny", "--models", "unet", "--data", dir.File("data"), "--seed", "1"];
        RunLocally([.. experiment, "--out", dir.File("local")]);

        string? previous = Environment.GetEnvironmentVariable("SLURM_CONF");
        Environment.SetEnvironmentVariable("SLURM_CONF", _slurm.Config);
        try
        {
            var (code, stdout, stderr) = CliCapture.Run([.. experiment, "--out", dir.File("cluster"), "--submit", "slurm", "--slurm-cpus", "1", "--slurm-mem", "1G"]);
            Assert.True(code == 0, stderr);
            var jobs = stdout.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(' ')[0]).ToList();
            Assert.Equal(4, jobs.Count);   // train, predict (array), evaluate, report
            _slurm.WaitFor(jobs, TimeSpan.FromMinutes(5));
        }
        finally { Environment.SetEnvironmentVariable("SLURM_CONF", previous); }

        Assert.True(File.Exists(dir.File("cluster/report.md")), string.Join("\n", Directory.GetFiles(dir.File("cluster/slurm/logs")).Select(File.ReadAllText)));
        AssertSameFiles(dir.File("local/predictions/3d+2d/unet"), dir.File("cluster/predictions/3d+2d/unet"));
        AssertSameFiles(dir.File("local/results/3d+2d"), dir.File("cluster/results/3d+2d"));
        Assert.Equal(File.ReadAllBytes(dir.File("local/models/3d+2d/unet/weights.bin")), File.ReadAllBytes(dir.File("cluster/models/3d+2d/unet/weights.bin")));
    }
}
