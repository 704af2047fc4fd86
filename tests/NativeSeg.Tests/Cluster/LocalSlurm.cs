using System.Diagnostics;

namespace NativeSeg.Tests.Cluster;

/// <summary>
/// A real single-node Slurm for the tests, from Debian's slurm-wlm and munge packages (.ci/run installs them):
/// munged (started when not running), slurmctld and slurmd on localhost with proctrack/linuxproc, task/none, no
/// cgroups, non-default ports and every state, spool, pid and log file under a temporary folder. Dispose stops the
/// daemons by their pid files. <see cref="Unavailable"/> says in one line why it could not start.
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nativeseg-slurm-{Guid.NewGuid():N}");
    private bool _startedMunge;

    public string Config => Path.Combine(_root, "slurm.conf");
    public string? Unavailable { get; }

    public LocalSlurm()
    {
        try { Unavailable = Start(); }
        catch (Exception e) { Unavailable = $"local Slurm could not start: {e.Message.Split('\n')[0]}"; }
    }

    private string? Start()
    {
        foreach (var tool in new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch" })
            if (!File.Exists(tool)) return $"{tool} is missing (apt-get install slurm-wlm munge; .ci/run does)";
        if (Environment.UserName != "root") return "the local Slurm needs root (slurmd runs jobs as their users)";
        if (!File.Exists("/run/munge/munge.socket.2"))
        {
            Directory.CreateDirectory("/run/munge");
            Exec("chown", "munge:munge /run/munge");
            Exec("runuser", "-u munge -- /usr/sbin/munged");
            _startedMunge = true;
        }
        Directory.CreateDirectory(Path.Combine(_root, "state"));
        Directory.CreateDirectory(Path.Combine(_root, "spool"));
        string host = Exec("hostname", "-s").Trim();
        long totalKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        long memoryMb = totalKb / 1024 * 9 / 10;
        File.WriteAllText(Config, $"""
            ClusterName=nativeseg-test
            SlurmctldHost={host}
            SlurmUser=root
            SlurmdUser=root
            SlurmctldPort=16817
            SlurmdPort=16818
            AuthType=auth/munge
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            MpiDefault=none
            SwitchType=switch/none
            ReturnToService=2
            StateSaveLocation={_root}/state
            SlurmdSpoolDir={_root}/spool
            SlurmctldPidFile={_root}/slurmctld.pid
            SlurmdPidFile={_root}/slurmd.pid
            SlurmctldLogFile={_root}/slurmctld.log
            SlurmdLogFile={_root}/slurmd.log
            NodeName={host} CPUs={Environment.ProcessorCount} RealMemory={memoryMb} State=UNKNOWN
            PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);
        Exec("/usr/sbin/slurmctld", $"-f {Config}");
        Exec("/usr/sbin/slurmd", $"-f {Config}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (TryExec("sinfo", "-h -o %T", out var state) && state.Trim() == "idle") return null;
            Thread.Sleep(500);
        }
        return $"the local Slurm node did not become idle in 60 s (see {_root}/slurmctld.log)";
    }

    /// <summary>Runs a Slurm client command against this cluster; throws with its stderr when it fails.</summary>
    public string Exec(string file, string arguments)
    {
        if (!TryExec(file, arguments, out var stdout, out var stderr))
            throw new InvalidOperationException($"{file} {arguments}: {stderr.Trim()}");
        return stdout;
    }

    private bool TryExec(string file, string arguments, out string stdout) => TryExec(file, arguments, out stdout, out _);

    private bool TryExec(string file, string arguments, out string stdout, out string stderr)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SLURM_CONF"] = Config;
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stderr = err.Result;
        return process.ExitCode == 0;
    }

    /// <summary>Waits until none of the given jobs is pending or running (bounded).</summary>
    public void WaitFor(IEnumerable<string> jobIds, TimeSpan timeout)
    {
        var ids = string.Join(",", jobIds);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (TryExec("squeue", $"-h -j {ids} -o %i", out var left) && left.Trim().Length == 0) return;
            Thread.Sleep(1000);
        }
        throw new TimeoutException($"Slurm jobs {ids} still queued or running after {timeout.TotalSeconds} s");
    }

    public void Dispose()
    {
        foreach (var pidFile in new[] { "slurmd.pid", "slurmctld.pid" })
        {
            string path = Path.Combine(_root, pidFile);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out int pid))
                try { using var p = Process.GetProcessById(pid); p.Kill(); p.WaitForExit(10_000); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        if (_startedMunge && File.Exists("/run/munge/munged.pid") && int.TryParse(File.ReadAllText("/run/munge/munged.pid").Trim(), out int munge))
            try { using var p = Process.GetProcessById(munge); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
