using MigrationSim.Model.Fleets;
using MigrationSim.Scenarios.Fleets;

namespace MigrationSim.Cli.Tests;

/// <summary>
/// The shipped fleet examples (scenarios/fleet/*.yaml) run with `migsim fleet`, and each tells the
/// story its header comment tells: who goes over the SLA, who is aborted or forced to post-copy,
/// which limits hold.
/// </summary>
public class FleetExampleTests
{
    private static string Example(string name) => Path.Combine(RepoPaths.Scenarios, "fleet", name + ".yaml");

    private static (FleetFile File, FleetResult Result) Simulate(string name)
    {
        var fleet = FleetLoader.LoadFile(Example(name));
        return (fleet, FleetSimulation.Run(fleet.Spec));
    }

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Scenarios, "fleet"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_runs_prints_its_drain_time_and_writes_its_tables_and_chart(string name)
    {
        using var tmp = new TempFolder();
        string dir = tmp.File("out");
        var (exit, stdout, stderr) = Cli.Run("fleet", Example(name), "--out", dir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("makespan (drain time)", stdout);
        Assert.Contains("over downtime SLA", stdout);
        foreach (var file in new[] { "guests.csv", "summary.csv", "links.csv", "utilisation.csv" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        var png = File.ReadAllBytes(Path.Combine(dir, "gantt.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        var (fleet, result) = Simulate(name);
        Assert.Equal(fleet.Spec.Requests.Count + 1, File.ReadAllLines(Path.Combine(dir, "guests.csv")).Length);
        Assert.Contains($"migrations             {result.Guests.Count}:", stdout);
        Assert.All(result.Guests, g =>
        {
            Assert.NotEqual(FleetOutcome.NotStarted, g.Outcome);
            Assert.True(g.QueuedMs <= g.StartMs && g.StartMs < g.EndMs, $"{g.Guest}: queued {g.QueuedMs}, start {g.StartMs}, end {g.EndMs}");
            if (g.Outcome != FleetOutcome.Aborted) Assert.True(g.DowntimeMs > 0, $"{g.Guest}: no pause");
            // The guest's pause runs from the stop on the source to the guest running on the destination:
            // QEMU's downtime, then the data still in flight and the destination's resume.
            if (g.DowntimeMs is { } d && g.GuestPauseMs is { } p) Assert.True(p >= d, $"{g.Guest}: pause {p} ms < downtime {d} ms");
            Assert.Equal(g.DowntimeMs is null, g.GuestPauseMs is null);
        });
        Assert.All(result.Links, l => Assert.True(l.PeakUtilisation <= 1 + 1e-9, $"{l.Name} at {l.PeakUtilisation:P1}"));
        Assert.Equal(result.MakespanMs, result.Guests.Max(g => g.EndMs!.Value));
    }

    [Fact]
    public void Nova_maintenance_drains_both_hosts_one_migration_per_host_with_the_two_databases_over_the_sla()
    {
        var (fleet, r) = Simulate("maintenance-nova");
        string[] drained = ["node-01", "node-02"];
        Assert.Equal(fleet.Spec.Guests.Count(g => drained.Contains(g.Host)), r.Guests.Count);
        Assert.All(r.Guests, g => Assert.DoesNotContain(g.To, drained));
        Assert.Equal(r.Guests.Count, r.Completed);
        Assert.Equal(["db-01", "db-02"], r.Guests.Where(g => g.OverSla).Select(g => g.Guest).Order(StringComparer.Ordinal));
        // max_concurrent_live_migrations = 1 on each compute host: a source's migrations never overlap.
        foreach (var host in drained)
            Assert.Equal(1, MostAtOnce(r.Guests.Where(g => g.From == host)));
        // The databases hold their hosts' queues for minutes: everything else waits behind them.
        double dbEnd = r.Guests.Where(g => g.Guest.StartsWith("db-", StringComparison.Ordinal)).Max(g => g.EndMs!.Value);
        Assert.True(dbEnd > 60_000, $"databases done at {dbEnd} ms");
        Assert.All(r.Guests.Where(g => !g.Guest.StartsWith("db-", StringComparison.Ordinal)), g => Assert.True(g.StartMs >= 60_000));
    }

    [Fact]
    public void KubeVirt_node_drain_aborts_the_busy_cache_at_its_budget_and_keeps_its_limits()
    {
        var (_, r) = Simulate("node-drain-kubevirt");
        var cache = Assert.Single(r.Guests, g => g.Outcome == FleetOutcome.Aborted);
        Assert.Equal("cache", cache.Guest);
        Assert.Contains("completionTimeoutPerGiB", cache.Reason);
        // 30 s per GB of its 2 GiB (3 GB rounded up): 90 s; the monitor looks once a second.
        Assert.InRange(cache.DurationMs!.Value, 90_000, 92_000);
        Assert.Equal(r.Guests.Count - 1, r.Completed);
        Assert.True(MostAtOnce(r.Guests) <= 5);
        foreach (var node in r.Guests.Select(g => g.From).Distinct())
            Assert.True(MostAtOnce(r.Guests.Where(g => g.From == node)) <= 2, node);
        // Two drained nodes, two outbound each: four at once, the cluster's five never reached.
        Assert.Equal(4, MostAtOnce(r.Guests));
    }

    [Fact]
    public void KubeVirt_consolidation_empties_three_hosts_and_the_etl_job_goes_postcopy_at_its_budget()
    {
        var (fleet, r) = Simulate("consolidate-kubevirt");
        var emptied = r.Guests.Select(g => g.From).Distinct().ToList();
        Assert.Equal(3, emptied.Count);
        Assert.Equal(fleet.Spec.Guests.Count(g => emptied.Contains(g.Host)), r.Guests.Count);
        Assert.All(r.Guests, g => Assert.DoesNotContain(g.To, emptied));
        var etl = Assert.Single(r.Guests, g => g.Outcome == FleetOutcome.ForcedToPostcopy);
        Assert.Equal("etl", etl.Guest);
        // 20 s per GB of its 4 GiB (5 GB rounded up): post-copy once more than 100 whole seconds passed.
        Assert.InRange(etl.StopMs!.Value - etl.StartMs!.Value, 100_000, 102_000);
        Assert.True(etl.ExposureMs > 0);
        Assert.All(r.Guests.Where(g => g.Guest != "etl"), g => Assert.Equal(FleetOutcome.Completed, g.Outcome));
    }

    [Fact]
    public void Virsh_rebalance_runs_two_calls_at_once_and_switches_to_postcopy_after_ten_seconds()
    {
        var (fleet, r) = Simulate("rebalance-libvirt");
        Assert.Equal(2, MostAtOnce(r.Guests));
        var forced = r.Guests.Where(g => g.Outcome == FleetOutcome.ForcedToPostcopy).ToList();
        Assert.NotEmpty(forced);
        Assert.All(forced, g => Assert.InRange(g.StopMs!.Value - g.StartMs!.Value, 10_000, 10_000 + 1_000));
        // Only a migration still in precopy at 10 s is forced.
        Assert.All(r.Guests.Where(g => g.Outcome == FleetOutcome.Completed), g => Assert.True(g.StopMs - g.StartMs < 10_000, g.Guest));
        // Every migration completed (some in post-copy), and every host ends at or below the 40 % threshold.
        Assert.Equal(r.Guests.Count, r.Completed);
        var placed = fleet.Spec.Guests.ToDictionary(g => g.Name, g => g.Host);
        foreach (var g in r.Guests) placed[g.Guest] = g.To;
        foreach (var host in fleet.Spec.Hosts)
        {
            long used = fleet.Spec.Guests.Where(g => placed[g.Name] == host.Name).Sum(g => g.Guest.MemoryBytes);
            Assert.True(used <= 0.4 * host.MemoryBytes, $"{host.Name}: {used} of {host.MemoryBytes} bytes");
        }
    }

    [Fact]
    public void Racks_plan_keeps_its_start_times_and_dependencies()
    {
        var (_, r) = Simulate("plan-racks");
        var web = r.Guests.Where(g => g.Guest.StartsWith("web-", StringComparison.Ordinal)).ToDictionary(g => g.Guest);
        Assert.Equal(0, web["web-01"].StartMs);
        Assert.Equal(5_000, web["web-03"].StartMs);
        Assert.Equal(10_000, web["web-06"].StartMs);
        var db = Assert.Single(r.Guests, g => g.Guest == "db");
        Assert.Equal(web.Values.Max(g => g.EndMs!.Value), db.StartMs!.Value, 6);
        var cache = r.Guests.Where(g => g.Guest == "cache").ToList();
        Assert.Equal(["r1-01", "r1-04"], cache.Select(g => g.To));
        Assert.Equal(Math.Max(db.EndMs!.Value, cache[0].EndMs!.Value), cache[1].StartMs!.Value, 6);
        // The database's stream crosses both racks' uplinks: 40 Gbit/s shared, 25 Gbit/s NICs the tighter.
        Assert.Contains(r.Links, l => l.Name.StartsWith("rack", StringComparison.Ordinal) && l.CarriedBytes > db.TransferredBytes);
    }

    /// <summary>
    /// Most migrations running at one instant (start inclusive, end exclusive), times rounded to
    /// the microsecond: a start issued when another ends is the same instant, not an overlap.
    /// </summary>
    private static int MostAtOnce(IEnumerable<FleetGuestResult> guests)
    {
        var edges = guests.Where(g => g.StartMs is not null)
            .SelectMany(g => new[] { (At: Math.Round(g.StartMs!.Value, 3), Step: 1), (At: Math.Round(g.EndMs!.Value, 3), Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step);
        int now = 0, most = 0;
        foreach (var e in edges) most = Math.Max(most, now += e.Step);
        return most;
    }
}
