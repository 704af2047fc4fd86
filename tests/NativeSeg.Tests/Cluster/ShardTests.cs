using NativeSeg.Tests.Experiments;
using NativeSeg.Experiments;
using NativeSeg.Data;

namespace NativeSeg.Tests.Cluster;

[Collection("Console")]
public class ShardTests
{
    [Fact]
    public void ShardsAreDisjointAndCoverEveryCaseInNameOrder()
    {
        var cases = Enumerable.Range(0, 11).Select(i => $"case_{i:0000}").ToList();
        var parts = Enumerable.Range(1, 4).Select(k => Shard.Parse($"{k}/4").Of(cases)).ToList();
        Assert.Equal(cases, parts.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.Equal(["case_0001", "case_0005", "case_0009"], parts[1]);
        Assert.Equal(cases, Shard.All.Of(cases));
        foreach (var bad in new[] { "0/2", "3/2", "1/0", "a/b", "1", "-1/2" })
            Assert.Contains("--shard", Assert.Throws<UserInputException>(() => Shard.Parse(bad)).Message);
    }

    [Fact]
    public void EmittedJobsChainEveryStepAfterTheStepsItNeeds()
    {
        using var dir = new TempFolder();
        ExperimentRunnerTests.WriteMixedDataset(dir.File("data"));
        var (code, stdout, stderr) = CliCapture.Run("experiment", "--protocol", "2d3d", "--scale", "tiny", "--models", "unet,unet-1mm", "--seeds", "0,1",
            "--data", dir.File("data"), "--out", dir.File("out"), "--emit", "slurm", dir.File("jobs"), "--sbatch=--partition=short", "--slurm-shards", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 15 sbatch scripts", stdout);   // 2 seeds x 2 models x 3 steps, 2 averages, the report
        string submit = File.ReadAllText(dir.File("jobs/submit.sh"));
        Assert.Contains("j1=$(sbatch --parsable --dependency=afterok:$j0 001-predict_3d_2d_unet-seed0.sbatch", submit);
        string predict = File.ReadAllText(dir.File("jobs/001-predict_3d_2d_unet-seed0.sbatch"));
        Assert.Contains("#SBATCH --array=1-3", predict);
        Assert.Contains("#SBATCH --partition=short", predict);
        Assert.Contains("--step 'predict 3d+2d unet-seed0' --shard \"${SLURM_ARRAY_TASK_ID}/3\"", predict);
        Assert.Matches(@"--dependency=afterok:\$j2:\$j8 012-average_3d_2d_unet\.sbatch", submit);
        Assert.False(Directory.Exists(dir.File("out/models")));   // emitting runs nothing
        // Memory per step from the estimate (+25 %): a 12-voxel tiny patch fits in 1G; whole-volume prediction has no
        // window to estimate from and gets the fallback; --slurm-mem overrides both.
        Assert.Contains("#SBATCH --mem=1G", File.ReadAllText(dir.File("jobs/000-train_3d_2d_unet-seed0.sbatch")));
        Assert.Contains($"#SBATCH --mem={SlurmResources.FallbackMemory}", predict);
        // Time per step from the benchmark rates (x 2 + 10 min): tiny steps take seconds; the report has no estimate.
        Assert.Matches(@"#SBATCH --time=0-00:1[01]:00", File.ReadAllText(dir.File("jobs/000-train_3d_2d_unet-seed0.sbatch")));
        Assert.Matches(@"#SBATCH --time=0-00:1[01]:00", predict);
        Assert.Contains($"#SBATCH --time={SlurmResources.FallbackOtherTime}", File.ReadAllText(Directory.GetFiles(dir.File("jobs"), "*-report.sbatch").Single()));
        var (again, _, error) = CliCapture.Run("experiment", "--protocol", "2d3d", "--scale", "tiny", "--models", "unet",
            "--data", dir.File("data"), "--out", dir.File("out"), "--emit", "slurm", dir.File("jobs3"), "--slurm-mem", "3G", "--slurm-time", "3:00:00");
        Assert.True(again == 0, error);
        Assert.All(Directory.GetFiles(dir.File("jobs3"), "*.sbatch"), f => Assert.Contains("#SBATCH --mem=3G", File.ReadAllText(f)));
        Assert.All(Directory.GetFiles(dir.File("jobs3"), "*.sbatch"), f => Assert.Contains("#SBATCH --time=3:00:00", File.ReadAllText(f)));
        Assert.Equal(("2G", "1G", SlurmResources.FallbackMemory), (SlurmScripts.Memory(1.5 * (1 << 30)), SlurmScripts.Memory(1e6), SlurmScripts.Memory(null)));
    }
}
