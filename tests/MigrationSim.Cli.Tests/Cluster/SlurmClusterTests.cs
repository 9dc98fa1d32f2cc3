using System.Diagnostics;
using System.Text.RegularExpressions;
using MigrationSim.Reporting.Csv;
using Xunit.Abstractions;

namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>
/// A shipped sweep on a real Slurm: `migsim cluster slurm` submits the shipped sbatch files as a
/// 4-task array and the merge job after it; one task is requeued midway and resumes; the merged
/// results and figures equal `migsim sweep` on one machine, byte for byte.
/// </summary>
public class SlurmClusterTests(ITestOutputHelper output)
{
    private const int Shards = 4;
    private const int Requeued = 2;
    private static readonly string SweepFile = Path.Combine(RepoPaths.Scenarios, "sweeps", "policy-comparison.yaml");

    [SlurmFact]
    public void A_sweep_array_with_a_task_requeued_midway_merges_to_the_single_machine_result()
    {
        var clock = Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
        using var tmp = new TempFolder();
        var one = Cli.Run("sweep", SweepFile, "--out", tmp.File("one"), "--jobs", "2");
        Assert.True(one.Exit == 0, one.Err);
        Phase("single-machine sweep done");

        using var slurm = new SingleNodeSlurm();
        Phase("cluster up");
        string outDir = tmp.File("cluster");
        var submit = MigsimProcess.Run(slurm.Environment, "cluster", "slurm", SweepFile, "--shards", $"{Shards}", "--out", outDir, "--partition", SingleNodeSlurm.Partition);
        Assert.True(submit.Exit == 0, submit.Err + submit.Out);
        string array = Regex.Match(submit.Out, @"array job (\d+)").Groups[1].Value;
        string merge = Regex.Match(submit.Out, @"merge job (\d+)").Groups[1].Value;
        Assert.True(array.Length > 0 && merge.Length > 0, submit.Out);
        Phase($"submitted array {array}, merge {merge}");

        // Catch task 2 midway: freeze its migsim while some but not all of its runs are in its file,
        // then requeue it the way a preemption or a node failure would.
        string shardFile = Path.Combine(outDir, $"shard-{Requeued}", SweepResultsFile.FileName);
        int pid = WaitForShardProcess(slurm, outDir, TimeSpan.FromSeconds(120));
        int total = RunsOfShard();
        int kept = FreezeMidway(pid, shardFile, total);
        Phase($"task {Requeued} frozen with {kept} of {total} runs");
        var requeue = slurm.Run("scontrol", "requeue", $"{array}_{Requeued}");
        Assert.True(requeue.Exit == 0, requeue.Err);
        // Slurm holds a requeued job for about two minutes (BeginTime); release it at once.
        slurm.WaitFor($"{array}_{Requeued}", TimeSpan.FromSeconds(60), "PENDING");
        var release = slurm.Run("scontrol", "update", $"jobid={array}_{Requeued}", "starttime=now");
        Assert.True(release.Exit == 0, release.Err);
        Phase("task requeued and released");

        var merged = slurm.WaitFor(merge, TimeSpan.FromMinutes(6), "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY");
        Assert.True(merged["JobState"] == "COMPLETED",
            $"merge job {merged["JobState"]} ({merged.GetValueOrDefault("Reason")}); tasks " +
            string.Join(", ", Enumerable.Range(1, Shards).Select(k => $"{k}: {slurm.Job($"{array}_{k}")["JobState"]}")) +
            $"\n--- slurmctld.log on {array}:\n{slurm.ControllerLog(array)}\n--- slurmctld.log on {merge}:\n{slurm.ControllerLog(merge)}\n{Logs(outDir)}");
        Phase($"merge job completed (array tasks ended {string.Join(", ", Enumerable.Range(1, Shards).Select(k => slurm.Job($"{array}_{k}")["EndTime"][11..]))}; merge ran {merged["StartTime"][11..]}-{merged["EndTime"][11..]})");
        for (int k = 1; k <= Shards; k++)
        {
            var task = slurm.Job($"{array}_{k}");
            Assert.Equal("COMPLETED", task["JobState"]);
            Assert.Equal(k == Requeued ? "1" : "0", task["Restarts"]);
        }

        // The requeued task resumed its own file: it started once more and skipped what it had kept.
        string log = File.ReadAllText(Path.Combine(outDir, "logs", $"sweep-{array}_{Requeued}.out"));
        Assert.Contains($"shard {Requeued}/{Shards} on", log);
        Assert.Contains($"restart 1, resuming {shardFile}", log);
        var already = Regex.Match(log, @"(\d+) already in ");
        Assert.True(already.Success, log);
        Assert.InRange(int.Parse(already.Groups[1].Value), kept, total - 1);

        Assert.Equal(File.ReadAllBytes(SweepCommandTests.Results(tmp.File("one"))), File.ReadAllBytes(Path.Combine(outDir, SweepResultsFile.FileName)));
        var figures = Directory.GetFiles(Path.Combine(tmp.File("one"), "figures")).Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.NotEmpty(figures);
        Assert.Equal(figures, Directory.GetFiles(Path.Combine(outDir, "figures")).Select(f => Path.GetFileName(f)).Order());
        foreach (string f in figures)
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.File("one"), "figures", f)), File.ReadAllBytes(Path.Combine(outDir, "figures", f)));
        for (int k = 1; k <= Shards; k++)
            Assert.False(Directory.Exists(Path.Combine(outDir, $"shard-{k}", "figures")), $"shard {k} drew figures");
    }

    [SlurmFact]
    public void The_cluster_stops_and_removes_its_state_when_its_owner_is_killed()
    {
        // A bash stands in for the test process: it starts the cluster as a coprocess, holds its
        // stdin, and is then killed with SIGKILL, as a crashed test host would be.
        string state = Path.Combine(Path.GetTempPath(), "migsim-slurm-" + Guid.NewGuid().ToString("N"));
        var (ctld, slurmd) = SingleNodeSlurm.FreePorts();
        var harness = SingleNodeSlurm.StartInfo(state, ctld, slurmd);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("""coproc H { exec "$@" 2>&1; }; read -r line <&"${H[0]}"; echo "$line"; read -r _ <&"${H[0]}" """);
        psi.ArgumentList.Add("owner");
        psi.ArgumentList.Add(harness.FileName);
        foreach (string a in harness.ArgumentList) psi.ArgumentList.Add(a);
        using var owner = Process.Start(psi)!;
        string ns = "";
        try
        {
            var ready = owner.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(TimeSpan.FromSeconds(120)), "the cluster did not start within 120 s");
            Assert.Equal("ready", ready.Result);
            int unshare = ChildOf(owner.Id, "unshare");
            ns = File.ResolveLinkTarget($"/proc/{unshare}/ns/pid_for_children", false)!.Name;
            var daemons = SingleNodeSlurm.ProcessesIn(ns).Select(Command).ToList();
            Assert.Contains(daemons, c => c.StartsWith("munged", StringComparison.Ordinal));
            Assert.Contains(daemons, c => c.StartsWith("slurmctld", StringComparison.Ordinal));
            Assert.Contains(daemons, c => c.StartsWith("slurmd", StringComparison.Ordinal));
            Assert.True(Directory.Exists(state));

            owner.Kill(); // SIGKILL to the owner alone
            var clock = Stopwatch.StartNew();
            while ((SingleNodeSlurm.ProcessesIn(ns).Count > 0 || Directory.Exists(state)) && clock.Elapsed < TimeSpan.FromSeconds(20))
                Thread.Sleep(100);
            Assert.True(SingleNodeSlurm.ProcessesIn(ns).Count == 0,
                "left running: " + string.Join(", ", SingleNodeSlurm.ProcessesIn(ns).Select(Command)));
            Assert.False(Directory.Exists(state), $"{state} was not removed");
        }
        finally
        {
            if (!owner.HasExited) owner.Kill();
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Runs of the requeued shard: points with index % N == K - 1, times the replications.</summary>
    private static int RunsOfShard()
    {
        var plan = Scenarios.Sweeps.SweepExpander.Expand(Scenarios.Sweeps.SweepLoader.LoadFile(SweepFile));
        return plan.Runs.Count(r => r.Point.Index % Shards == Requeued - 1);
    }

    /// <summary>
    /// Stops the process, counts the complete rows in its file and, if the shard is midway (some
    /// runs in, some not), leaves it stopped and returns the count; otherwise lets it go on and
    /// looks again. The check is made on a frozen process, so "midway" cannot be wrong.
    /// </summary>
    private static int FreezeMidway(int pid, string file, int total)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.True(PosixSignals.Send(pid, PosixSignals.Stop), $"task {Requeued}'s migsim (pid {pid}) ended before it could be caught midway");
            int rows = 0;
            try { rows = File.Exists(file) ? SweepResultsFile.Read(file).Rows.Count : 0; }
            catch (InvalidDataException) { } // the header is being written
            if (rows >= 1 && rows < total) return rows;
            PosixSignals.Send(pid, PosixSignals.Continue);
            Assert.True(rows < total, $"task {Requeued} finished all {total} runs before it could be caught midway");
            Thread.Sleep(5);
        }
        throw new TimeoutException($"task {Requeued} wrote no row in 120 s");
    }

    /// <summary>The host PID of the migsim that runs shard K/N into <paramref name="outDir"/> (the batch script execs into it).</summary>
    private static int WaitForShardProcess(SingleNodeSlurm slurm, string outDir, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string shard = $"{Requeued}/{Shards}", dir = Path.Combine(outDir, $"shard-{Requeued}");
        while (clock.Elapsed < timeout)
        {
            foreach (int pid in SingleNodeSlurm.ProcessesIn(slurm.PidNamespace))
            {
                var args = Arguments(pid);
                int i = Array.IndexOf(args, "--shard");
                if (args.Contains("sweep") && args.Any(a => a.EndsWith("migsim.dll", StringComparison.Ordinal))
                    && i >= 0 && i + 1 < args.Length && args[i + 1] == shard && args.Contains(dir))
                    return pid;
            }
            Thread.Sleep(10);
        }
        throw new TimeoutException($"no migsim for shard {shard} within {timeout.TotalSeconds:0} s\n{slurm.Run("squeue").Out}\n{Logs(outDir)}");
    }

    private static string[] Arguments(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    private static string Command(int pid) => string.Join(' ', Arguments(pid));

    private static int ChildOf(int parent, string name)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                if (status.Contains($"Name:\t{name}") && status.Contains($"PPid:\t{parent}")) return pid;
            }
            catch (IOException) { }
        }
        throw new InvalidOperationException($"no {name} child of {parent}");
    }

    private static string Logs(string outDir) =>
        string.Join('\n', Directory.Exists(Path.Combine(outDir, "logs"))
            ? Directory.GetFiles(Path.Combine(outDir, "logs")).Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}")
            : []);
}
