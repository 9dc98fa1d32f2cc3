using System.Globalization;
using MigrationSim.Reporting;

namespace MigrationSim.Cli.Tests.Signals;

/// <summary>
/// Ctrl-C (SIGINT) and SIGKILL of real migsim processes: an interrupted command exits 130 at
/// once and says what it kept; a killed one leaves earlier results intact, and its debris is
/// removed by the next command.
/// </summary>
public class SignalTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    /// <summary>A scenario that simulates for a long time (a writer precopy cannot follow, for 24 simulated hours).</summary>
    private static string Slow(TempFolder tmp, string name = "slow")
    {
        string path = tmp.File(name + ".yaml");
        File.WriteAllText(path, $$"""
            name: {{name}}
            guest: { memory: 256GiB }
            workload: { kind: uniform, working-set: 128GiB, rate: 1M pages/s }
            network: { bandwidth: 10Gbit/s }
            migration: { policy: postcopy, max-time: 24h, postcopy: { page-faults: async, guest-tasks: 64, preempt: true } }
            simulation: { sample-interval: 1min }
            """);
        return path;
    }

    private static string Quickstart => Path.Combine(RepoPaths.Scenarios, "quickstart.yaml");

    private static string[] Debris(string folder) =>
        Directory.GetFileSystemEntries(folder, ".*").Where(e => e.Contains(".tmp-", StringComparison.Ordinal) || e.Contains(".old-", StringComparison.Ordinal)).ToArray();

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Sigint_of_run_exits_130_at_once_and_leaves_the_earlier_result_as_it_was()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("r");
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", outDir).Exit);
        var before = Snapshot(outDir);

        using var p = new RunningMigsim(tmp.Path, "run", Slow(tmp), "--out", outDir);
        Thread.Sleep(TimeSpan.FromSeconds(2)); // loaded and simulating
        p.Signal(2);
        Assert.Equal(ExitCodes.Cancelled, p.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.True(p.Elapsed < TimeSpan.FromSeconds(8), $"took {p.Elapsed}");
        Assert.Contains("interrupted: nothing was written", p.Err);
        Assert.Equal(before, Snapshot(outDir));
        Assert.Empty(Debris(tmp.Path));
    }

    [Fact]
    public void Sigkill_of_run_at_any_moment_leaves_the_old_or_the_new_result_whole_and_the_next_run_clears_the_debris()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("r");
        // A run whose writing takes a while (a 100,000-row timeline), so kills land while files are written too.
        string scenario = tmp.File("big.yaml");
        File.WriteAllText(scenario, """
            name: big
            guest: { memory: 4GiB }
            workload: { kind: sequential, working-set: 3GiB, rate: 40000 pages/s }
            network: { bandwidth: 10Gbit/s }
            migration: { max-time: 16min }
            simulation: { sample-interval: 1ms }
            """);
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", outDir, "--seed", "1").Exit);
        var old = Snapshot(outDir);
        var random = new Random(12);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using (var p = new RunningMigsim(tmp.Path, "run", scenario, "--out", outDir, "--seed", "2", "--quiet"))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(400 + random.Next(2500)));
                p.Signal(9);
                p.WaitForExit(TimeSpan.FromSeconds(10));
            }
            var now = Snapshot(outDir);
            bool isOld = now.Count == old.Count && now.All(f => old.TryGetValue(f.Key, out var b) && b.SequenceEqual(f.Value));
            bool isNew = now.Count == 3 && File.ReadAllLines(Path.Combine(outDir, RunOutput.SummaryFile))[1].Contains(",2,", StringComparison.Ordinal);
            Assert.True(isOld || isNew, $"attempt {attempt}: neither the old nor a whole new result: {string.Join(", ", now.Keys)}");
            if (isNew) old = now;
        }
        // Whatever the kills left beside the folder goes with the next run, which succeeds.
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", outDir).Exit);
        Assert.Empty(Debris(tmp.Path));
    }

    [Fact]
    public void Sigint_of_sweep_keeps_the_finished_runs_and_says_how_to_resume()
    {
        using var tmp = new TempFolder();
        Slow(tmp, "base");
        string sweep = tmp.File("sweep.yaml");
        // Three quick points, then slow ones: the interrupt lands in the first slow run.
        File.WriteAllText(sweep, "base: base.yaml\naxes:\n  - key: migration.max-time\n    values: [100ms, 200ms, 300ms, 24h, 23h]\n");
        string outDir = tmp.File("s");
        using var p = new RunningMigsim(tmp.Path, "sweep", sweep, "--out", outDir, "--jobs", "1", "--no-figures");
        Assert.True(p.WaitForOutput("fingerprint", Start), p.Err);
        Thread.Sleep(TimeSpan.FromSeconds(3));
        p.Signal(2);
        Assert.Equal(ExitCodes.Cancelled, p.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Contains("--resume", p.Err);
        var rows = File.ReadAllLines(Path.Combine(outDir, "results.csv")).Skip(2).ToList();
        Assert.Contains($"interrupted: {rows.Count} of 5 runs are in", p.Err);
        Assert.Equal(3, rows.Count);
        Assert.Empty(Debris(outDir));
    }

    [Fact]
    public void Sigkill_of_sweep_then_resume_gives_the_same_results_as_an_uninterrupted_sweep()
    {
        using var tmp = new TempFolder();
        string sweep = tmp.File("sweep.yaml");
        File.WriteAllText(sweep, """
            replications: 2
            base:
              guest: { memory: 256MiB }
              workload: { kind: uniform, working-set: 64MiB, rate: 2k pages/s }
              network: { bandwidth: 10Gbit/s }
            axes:
              - key: migration.max-bandwidth
                range: { from: 16MiB/s, to: 64MiB/s, steps: 10 }
            """);
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", tmp.File("whole"), "--no-figures").Exit);
        using (var p = new RunningMigsim(tmp.Path, "sweep", sweep, "--out", tmp.File("killed"), "--no-figures", "--jobs", "1"))
        {
            Assert.True(p.WaitForOutput("fingerprint", Start), p.Err);
            Thread.Sleep(TimeSpan.FromMilliseconds(300));
            p.Signal(9);
            p.WaitForExit(TimeSpan.FromSeconds(10));
        }
        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("killed"), "--no-figures", "--resume");
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(tmp.File("whole/results.csv")), File.ReadAllText(tmp.File("killed/results.csv")));
        Assert.Empty(Debris(tmp.File("killed")));
    }

    [Fact]
    public void Sigint_of_plan_exits_130_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        using var p = new RunningMigsim(tmp.Path, "plan", Slow(tmp), "--max-downtime", "100ms", "--out", tmp.File("p"));
        Thread.Sleep(TimeSpan.FromSeconds(2));
        p.Signal(2);
        Assert.Equal(ExitCodes.Cancelled, p.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Contains("interrupted: nothing was written", p.Err);
        Assert.False(File.Exists(tmp.File("p/plan.csv")));
    }

    [Fact]
    public void Stale_staging_left_by_a_killed_run_is_removed_and_a_set_aside_result_put_back()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("r");
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", outDir).Exit);
        var kept = Snapshot(outDir);
        // A run killed between the two renames of its commit: its staging and the set-aside earlier result, no folder.
        const int dead = 999_999_999;
        string staged = tmp.File($".r.tmp-{dead.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        string aside = tmp.File($".r.old-{dead.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staged);
        File.WriteAllText(Path.Combine(staged, RunOutput.SummaryFile), "partial");
        Directory.Move(outDir, aside);

        // The next run of anything beside it puts the earlier result back before it decides anything.
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", tmp.File("other")).Exit);
        Assert.Equal(kept, Snapshot(outDir));
        Assert.Empty(Debris(tmp.Path));
    }
}
