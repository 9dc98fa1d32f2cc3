using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.KubeVirt;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>KubeVirt, exact cases from pkg/virt-launcher/virtwrap/live-migration-source.go and the migration controller.</summary>
public class KubeVirtTests
{
    [Theory]
    [InlineData("64Mi", 64.0 * 1024 * 1024)]
    [InlineData("1Gi", 1024.0 * 1024 * 1024)]
    [InlineData("100M", 100e6)]
    [InlineData("0Mi", 0)]
    [InlineData("1.5Ki", 1536)]
    [InlineData("5e6", 5e6)]
    public void Bandwidth_reads_as_a_kubernetes_quantity(string text, double bytes) =>
        Assert.Equal(bytes, KubernetesQuantity.Parse(text, out _)!.Value, 6);

    [Fact]
    public void A_malformed_quantity_says_how_to_write_one()
    {
        Assert.Null(KubernetesQuantity.Parse("64MB", out string error));
        Assert.Contains("64Mi", error);
    }

    [Fact]
    public void The_budget_counts_guest_memory_in_gigabytes_rounded_up()
    {
        // getVMIMigrationDataSize: ScaledValue(resource.Giga) rounds up: 1 GiB = 1.07e9 B is 2 GB.
        Assert.Equal(2, KubernetesQuantity.CeilGiga(1L << 30));
        Assert.Equal(1, KubernetesQuantity.CeilGiga(1_000_000_000));
        Assert.Equal(300, new KubeVirtMonitor(new KubeVirtSpec(), 1L << 30).AcceptableCompletionSeconds);
    }

    [Fact]
    public void No_progress_for_more_than_progressTimeout_whole_seconds_aborts()
    {
        var monitor = new KubeVirtMonitor(new KubeVirtSpec { CompletionTimeoutPerGiB = 0 }, 1L << 30);
        // Polls every 400 ms with the same remaining data: progress was last seen at the first poll
        // (0.4 s); whole seconds since exceed 150 first at 151.6 s (poll 379).
        int abortAt = Enumerable.Range(1, 400).First(k => monitor.Poll(new SimTime(400_000_000L * k), 1000, false) == MonitorAction.Abort);
        Assert.Equal(379, abortAt);
    }

    [Fact]
    public void Any_drop_of_the_remaining_data_is_progress()
    {
        var monitor = new KubeVirtMonitor(new KubeVirtSpec { CompletionTimeoutPerGiB = 0, ProgressTimeout = 10 }, 1L << 30);
        long remaining = 1_000_000;
        for (int k = 1; k <= 100; k++)
        {
            // A sawtooth (down within a pass, up at each sync): every fall counts, whatever the level.
            remaining = k % 5 == 0 ? remaining + 500 : remaining - 100;
            Assert.Equal(MonitorAction.None, monitor.Poll(new SimTime(400_000_000L * k), remaining, false));
        }
    }

    private static KubeVirtSpec Short(bool postcopy = false, bool? disruption = null) =>
        new() { CompletionTimeoutPerGiB = 10, AllowPostCopy = postcopy, AllowWorkloadDisruption = disruption };

    [Fact]
    public void The_completion_budget_aborts_at_the_first_look_past_it()
    {
        // 10 s per GB x 2 GB = 20 s: the look at 21.2 s is the first with more than 20 whole seconds.
        var g = FleetSimulation.Run(NovaTests.Stuck(Short())).Guests[0];
        Assert.Equal(FleetOutcome.Aborted, g.Outcome);
        Assert.Equal(21_200, g.EndMs!.Value, 6);
        Assert.Contains("not completed after 20 s", g.Reason);
    }

    [Fact]
    public void With_post_copy_allowed_the_budget_switches_to_post_copy()
    {
        var g = FleetSimulation.Run(NovaTests.Stuck(Short(postcopy: true))).Guests[0];
        Assert.Equal(FleetOutcome.ForcedToPostcopy, g.Outcome);
        Assert.InRange(g.StopMs!.Value, 21_200, 21_300);
    }

    [Fact]
    public void Allowing_workload_disruption_without_post_copy_pauses_the_guest()
    {
        var g = FleetSimulation.Run(NovaTests.Stuck(Short(disruption: true))).Guests[0];
        Assert.Equal(FleetOutcome.Paused, g.Outcome);
        Assert.Equal(g.EndMs!.Value - 21_200, g.DowntimeMs!.Value, 6);
    }

    [Fact]
    public void A_migration_held_by_the_cluster_limit_is_looked_at_again_every_5_s()
    {
        // One at a time in the cluster: the first is aborted at 21.2 s; the second, requeued at 0, 5, ..., 20 s, starts at 25 s.
        var spec = NovaTests.Stuck(Short() with { ParallelMigrationsPerCluster = 1 }, guests: 3);
        var r = FleetSimulation.Run(spec);
        Assert.Equal([0.0, 25_000.0, 50_000.0], r.Guests.Select(g => g.StartMs!.Value));
    }
}
