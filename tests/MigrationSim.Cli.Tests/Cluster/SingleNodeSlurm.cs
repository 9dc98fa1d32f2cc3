using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>
/// A real single-node Slurm cluster (munged, slurmctld, slurmd of Debian's slurm-wlm 22.05) owned by
/// this test: single-node-slurm.sh runs as PID 1 of a new PID namespace with its state in a fresh
/// temp folder and two free ports, so it collides neither with another run nor with a crashed
/// earlier one. It stops when its stdin closes: on <see cref="Dispose"/>, or when the test process
/// dies in any way (the kernel then kills every process of the namespace, jobs included).
/// </summary>
internal sealed class SingleNodeSlurm : IDisposable
{
    public const string Partition = "sweeps";

    private static readonly string[] Programs = ["unshare", "mungekey", "munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "sinfo", "scancel"];

    private readonly Process _harness;
    private readonly List<string> _output = [];

    private const string StatePrefix = "migsim-slurm-";

    public SingleNodeSlurm()
    {
        RemoveStale();
        StateDir = Path.Combine(Path.GetTempPath(), StatePrefix + Guid.NewGuid().ToString("N"));
        var (ctld, slurmd) = FreePorts();
        _harness = Process.Start(StartInfo(StateDir, ctld, slurmd)) ?? throw new InvalidOperationException("cannot start unshare");
        var ready = new TaskCompletionSource();
        _harness.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.Add(e.Data);
            if (e.Data == "ready") ready.TrySetResult();
        };
        _harness.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _harness.BeginOutputReadLine();
        _harness.BeginErrorReadLine();
        if (Task.WaitAny([ready.Task, _harness.WaitForExitAsync()], TimeSpan.FromSeconds(120)) != 0 || !ready.Task.IsCompleted)
        {
            string why = _harness.HasExited ? $"exited {_harness.ExitCode}" : "no 'ready' within 120 s";
            Dispose();
            throw new InvalidOperationException($"the single-node Slurm cluster did not start ({why}):\n{Output}");
        }
        PidNamespace = File.ResolveLinkTarget($"/proc/{_harness.Id}/ns/pid_for_children", false)!.Name;
    }

    /// <summary>The cluster's folder (slurm.conf, munge socket, daemon state and logs); removed by the cluster when it stops.</summary>
    public string StateDir { get; }

    /// <summary>What Slurm's client commands need to reach this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(StateDir, "slurm.conf") };

    /// <summary>"pid:[inode]" of the namespace every daemon and job of this cluster lives in.</summary>
    public string PidNamespace { get; }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    public static string HarnessScript => Path.Combine(RepoPaths.Root, "tests", "MigrationSim.Cli.Tests", "Cluster", "single-node-slurm.sh");

    /// <summary>Null when this machine can run the cluster, else what is missing and how to get it.</summary>
    public static string? WhyUnavailable()
    {
        var missing = Programs.Where(p => Find(p) is null).ToList();
        if (missing.Count > 0)
            return $"Slurm is not installed ({string.Join(", ", missing)} not found); install it with: apt-get install slurm-wlm munge";
        if (System.Environment.UserName != "root")
            return "the single-node Slurm cluster needs root (a PID namespace, daemons running as root)";
        return null;
    }

    /// <summary>The harness, started as PID 1 of a new PID namespace; --kill-child kills it when unshare dies.</summary>
    public static ProcessStartInfo StartInfo(string stateDir, int ctldPort, int slurmdPort)
    {
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { "--pid", "--fork", "--kill-child", "--mount-proc", "bash", HarnessScript, stateDir,
                     ctldPort.ToString(CultureInfo.InvariantCulture), slurmdPort.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Two TCP ports nobody listens on now (held together so that they differ).</summary>
    public static (int, int) FreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        try { return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port); }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }

    /// <summary>Host PIDs of the processes living in PID namespace <paramref name="ns"/>.</summary>
    public static List<int> ProcessesIn(string ns)
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ResolveLinkTarget(Path.Combine(dir, "ns", "pid"), false)?.Name == ns) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    /// <summary>
    /// Removes state folders of clusters that died without cleaning up (their owner and unshare
    /// killed together, so that nothing was left to remove the folder): those no running process
    /// names on its command line. Folders younger than a minute are left alone, being perhaps
    /// another test's cluster starting.
    /// </summary>
    private static void RemoveStale()
    {
        var stale = Directory.GetDirectories(Path.GetTempPath(), StatePrefix + "*")
            .Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddMinutes(-1)).ToList();
        if (stale.Count == 0) return;
        var commandLines = Directory.EnumerateDirectories("/proc").Select(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")); }
            catch (IOException) { return ""; }
            catch (UnauthorizedAccessException) { return ""; }
        }).ToList();
        foreach (string dir in stale.Where(d => !commandLines.Any(c => c.Contains(d, StringComparison.Ordinal))))
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Runs a Slurm client command against this cluster.</summary>
    public (int Exit, string Out, string Err) Run(string program, params string[] args) =>
        ChildProcess.Run(program, args, Environment, TimeSpan.FromSeconds(60));

    /// <summary>Fields of `scontrol show job -o ID` (for an array task, ID is ARRAY_TASK).</summary>
    public Dictionary<string, string> Job(string id)
    {
        var (exit, stdout, stderr) = Run("scontrol", "show", "job", "-o", id);
        if (exit != 0) throw new InvalidOperationException($"scontrol show job {id}: {stderr}");
        return stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.First()[1]);
    }

    /// <summary>Waits until job <paramref name="id"/> is in one of <paramref name="states"/>; returns its fields.</summary>
    public Dictionary<string, string> WaitFor(string id, TimeSpan timeout, params string[] states)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = Job(id);
            if (states.Contains(job["JobState"])) return job;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"job {id} is {job["JobState"]} ({job.GetValueOrDefault("Reason")}) after {timeout.TotalSeconds:0} s, not {string.Join("/", states)}\n{Run("squeue").Out}");
            Thread.Sleep(200);
        }
    }

    /// <summary>
    /// The controller's log lines naming job <paramref name="jobId"/> (with DebugFlags=Dependency
    /// they say when and why a dependency was judged), for a failing test's message.
    /// </summary>
    public string ControllerLog(string jobId)
    {
        string log = Path.Combine(StateDir, "log", "slurmctld.log");
        if (!File.Exists(log)) return "(no slurmctld.log)";
        using var share = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(share);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Contains(jobId, StringComparison.Ordinal)) lines.Add(line);
        return string.Join('\n', lines.TakeLast(200));
    }

    public void Dispose()
    {
        try { _harness.StandardInput.Close(); }
        catch (IOException) { }
        if (!_harness.WaitForExit(30_000))
        {
            // It did not stop by itself: kill unshare (ours), whose --kill-child takes the namespace down.
            _harness.Kill();
            _harness.WaitForExit(10_000);
        }
        _harness.Dispose();
        if (Directory.Exists(StateDir)) Directory.Delete(StateDir, recursive: true);
    }

    private static string? Find(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
        .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
