using System.Diagnostics;

namespace NativeSeg.Tests.Cluster;

/// <summary>
/// A real single-node Slurm for the tests, from Debian's slurm-wlm and munge packages (installed by <see cref="SystemPackages"/> the first time):
/// munged (started when not running), slurmctld and slurmd on localhost with proctrack/linuxproc, task/none, no
/// cgroups, non-default ports and every state, spool, pid and log file under a temporary folder. Dispose stops the
/// daemons by their pid files. <see cref="Unavailable"/> says in one line why it could not start.
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nativeseg-slurm-{Guid.NewGuid():N}");
    private bool _startedMunge;

    public static readonly string[] Packages = ["slurm-wlm", "munge"];
    public static readonly string[] Tools = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/munge"];

    public string Config => Path.Combine(_root, "slurm.conf");
    public string? Unavailable { get; }

    public LocalSlurm()
    {
        try { Unavailable = Start(); }
        catch (Exception e) { Unavailable = $"local Slurm could not start: {e.Message.Split('\n')[0]}"; }
    }

    private string? Start()
    {
        if (Environment.UserName != "root") return "the local Slurm needs root (slurmd runs jobs as their users)";
        if (SystemPackages.Ensure(Packages, Tools) is { } unavailable) return unavailable;
        // A socket file can outlive its daemon (a machine image, a killed run): ask munge itself.
        if (!TryExec("/usr/bin/munge", "-n", out _))
        {
            Directory.CreateDirectory("/run/munge");
            Exec("chown", "munge:munge /run/munge");
            Exec("runuser", "-u munge -- /usr/sbin/munged --force");
            _startedMunge = true;
        }
        Directory.CreateDirectory(Path.Combine(_root, "state"));
        Directory.CreateDirectory(Path.Combine(_root, "spool"));
        string host = Exec("hostname", "-s").Trim();
        // Addresses are explicit so a host name missing from /etc/hosts does not matter; ports are free ones, so a
        // controller left over from a killed run cannot answer for this one.
        File.WriteAllText(Config, $"""
            ClusterName=nativeseg-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmUser=root
            SlurmdUser=root
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            AuthType=auth/munge
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            MpiDefault=none
            SwitchType=switch/none
            ReturnToService=2
            SlurmdTimeout=30
            StateSaveLocation={_root}/state
            SlurmdSpoolDir={_root}/spool
            SlurmctldPidFile={_root}/slurmctld.pid
            SlurmdPidFile={_root}/slurmd.pid
            SlurmctldLogFile={_root}/slurmctld.log
            SlurmdLogFile={_root}/slurmd.log
            {NodeLine(host)} NodeAddr=127.0.0.1 State=UNKNOWN
            PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);
        Exec("/usr/sbin/slurmctld", $"-f {Config}");
        // slurmd registers once at start: started before the controller listens, the node would wait for the next ping.
        if (!Until(TimeSpan.FromSeconds(60), () => TryExec("scontrol", "ping", out var ping) && ping.Contains("UP")))
            return $"slurmctld did not answer in 60 s: {Diagnosis()}";
        Exec("/usr/sbin/slurmd", $"-f {Config} -N {host}");
        bool resumed = false;
        if (Until(TimeSpan.FromSeconds(120), () =>
            {
                string state = TryExec("sinfo", "-h -N -o %T", out var s) ? s.Trim() : "";
                if (!resumed && (state.StartsWith("down") || state.StartsWith("drain") || state.StartsWith("inval")))
                    resumed = TryExec("scontrol", $"update NodeName={host} State=RESUME", out _);
                return state == "idle";
            }))
            return null;
        return $"the local Slurm node did not become idle in 120 s: {Diagnosis()}";
    }

    /// <summary>The node's hardware as slurmd detects it, so the configuration never claims more than there is.</summary>
    private string NodeLine(string host)
    {
        string detected = TryExec("/usr/sbin/slurmd", "-C", out var line) ? line.Split('\n')[0].Trim() : "";
        if (!detected.StartsWith("NodeName=")) return $"NodeName={host} CPUs={Environment.ProcessorCount}";
        var fields = detected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => f.StartsWith("RealMemory=") ? $"RealMemory={long.Parse(f["RealMemory=".Length..]) * 9 / 10}" : f);
        return string.Join(' ', fields.Prepend($"NodeName={host}"));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool Until(TimeSpan timeout, Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (done()) return true;
            Thread.Sleep(500);
        }
        return false;
    }

    /// <summary>What a failed start leaves to read, in the failure message itself (CI keeps no temporary folders).</summary>
    private string Diagnosis()
    {
        string node = TryExec("sinfo", "-h -N -o \"%T %E\"", out var s, out var err) ? s.Trim() : err.Trim();
        string Tail(string log) => File.Exists(Path.Combine(_root, log))
            ? string.Join(" | ", File.ReadLines(Path.Combine(_root, log)).TakeLast(4)) : "(none)";
        return $"node: {node}; slurmctld.log: {Tail("slurmctld.log")}; slurmd.log: {Tail("slurmd.log")}";
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
        if (Until(timeout, () => TryExec("squeue", $"-h -j {ids} -o %i", out var left) && left.Trim().Length == 0)) return;
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
