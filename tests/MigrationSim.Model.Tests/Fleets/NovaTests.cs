using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.Nova;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>Nova's libvirt driver, exact cases from nova/virt/libvirt/migration.py and driver.py.</summary>
public class NovaTests
{
    [Fact]
    public void Downtime_steps_are_novas_docstring_example()
    {
        // migration.py downtime_steps: "10 steps, 30 second step delay, 3 GB of RAM and 400ms target".
        var steps = NovaDowntimeSteps.For(3, 400, 10, 30);
        (long, long)[] expected = [(0, 40), (90, 76), (180, 112), (270, 148), (360, 184), (450, 220), (540, 256), (630, 292), (720, 328), (810, 364), (900, 400)];
        Assert.Equal(expected, steps);
    }

    [Fact]
    public void Default_steps_for_a_4_GiB_guest_and_the_2_GiB_floor()
    {
        var steps = NovaDowntimeSteps.For(NovaDowntimeSteps.DataGb(4L << 30), 500, 10, 75);
        Assert.Equal((300L, 95L), steps[1]);
        Assert.Equal((3000L, 500L), steps[^1]);
        Assert.Equal(2.0, NovaDowntimeSteps.DataGb(1L << 30));
        Assert.Equal(2.5, NovaDowntimeSteps.DataGb(5L << 29));
    }

    private static NovaSpec Short(NovaTimeoutAction action = NovaTimeoutAction.Abort, bool postcopy = false) => new()
    {
        LiveMigrationDowntimeDelaySeconds = 3,       // x data_gb 2: a step every 6 s
        LiveMigrationCompletionTimeoutSeconds = 30,  // x data_gb 2: 60 s
        LiveMigrationTimeoutAction = action,
        LiveMigrationPermitPostCopy = postcopy,
    };

    [Fact]
    public void The_monitor_raises_the_downtime_step_by_step_and_aborts_after_the_completion_timeout()
    {
        var monitor = new NovaMonitor(Short(), 1L << 30);
        Assert.Equal(60, monitor.CompletionTimeoutSeconds);
        var sets = new List<(int Poll, long Ms)>();
        int abortAt = -1;
        for (int k = 0; k < 200 && abortAt < 0; k++)
        {
            var (action, downtime) = monitor.Poll(0.001 + 0.5 * k, inPostcopy: false);
            if (downtime is { } d) sets.Add((k, d));
            if (action == MonitorAction.Abort) abortAt = k;
        }
        // Step i at the first poll past 6i s: polls 0, 12, 24, ... ; the abort once elapsed > 60 s: poll 120.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (12 * i, 50L + 45 * i)), sets);
        Assert.Equal(120, abortAt);
    }

    [Theory]
    [InlineData(true, MonitorAction.StartPostcopy)]
    [InlineData(false, MonitorAction.Pause)]
    public void Force_complete_acts_one_pass_after_the_timeout(bool permitPostCopy, MonitorAction expected)
    {
        var monitor = new NovaMonitor(Short(NovaTimeoutAction.ForceComplete, permitPostCopy), 1L << 30);
        bool postcopy = false;
        var actions = new List<MonitorAction>();
        for (int k = 0; k < 124; k++)
        {
            var action = monitor.Poll(0.001 + 0.5 * k, postcopy).Action;
            postcopy |= action == MonitorAction.StartPostcopy;
            actions.Add(action);
        }
        Assert.All(actions.Take(121), a => Assert.Equal(MonitorAction.None, a));
        Assert.Equal(expected, actions[121]);
        // Post-copy ends the timeout checks; a paused guest is paused again at each pass (a no-op).
        Assert.Equal(permitPostCopy ? MonitorAction.None : MonitorAction.Pause, actions[123]);
    }

    [Fact]
    public void Abort_never_fires_in_post_copy()
    {
        var monitor = new NovaMonitor(Short(), 1L << 30);
        Assert.Equal(MonitorAction.None, monitor.Poll(100, inPostcopy: true).Action);
    }

    /// <summary>A 1 GiB guest writing 100k pages/s over 256 MiB: it never converges over 100 MiB/s, even at 500 ms of downtime.</summary>
    internal static FleetSpec Stuck(OrchestratorSpec orchestrator, int guests = 1)
    {
        var hosts = new[] { Fleet.Host("a", 100 * Fleet.MiB), Fleet.Host("b", 100 * Fleet.MiB) };
        var g = Enumerable.Range(1, guests).Select(i => Fleet.Guest($"g{i}", "a", 1L << 30, new UniformWorkloadSpec(65_536, 100_000), seed: (ulong)i)).ToList();
        return Fleet.Spec(hosts, g, g.Select(x => (x.Name, "b", 0.0)), orchestrator);
    }

    [Fact]
    public void The_completion_timeout_aborts_at_60_s_and_the_steps_reach_qemu()
    {
        var limits = new List<(double T, double Ms)>();
        var r = FleetSimulation.Run(Stuck(Short()), observe: run => run.MigrationStarted += m =>
            run.Simulator.Start(Watch(run.Simulator, m, limits)));
        var g = r.Guests[0];
        Assert.True(g.Outcome == FleetOutcome.Aborted, $"{g.Outcome} at {g.EndMs} ms, {g.Iterations} iterations, downtime {g.DowntimeMs}: {g.Reason}");
        Assert.Equal(60_000, g.EndMs!.Value, 6);
        Assert.Contains("live_migration_completion_timeout (60 s)", g.Reason);
        // The limit in force at 3 s is step 0 (50 ms), at 7 s step 1 (95 ms), at 59 s step 9 (455 ms).
        Assert.Equal(50, limits.First(x => x.T >= 3000).Ms);
        Assert.Equal(95, limits.First(x => x.T >= 7000).Ms);
        Assert.Equal(455, limits.First(x => x.T >= 59_000).Ms);
    }

    private static IEnumerable<Wait> Watch(Simulator sim, FleetMigration m, List<(double, double)> into)
    {
        var p = m.Process!;
        while (m.IsRunning)
        {
            into.Add((sim.Now.Milliseconds, p.DowntimeLimit.Milliseconds));
            yield return sim.Delay(SimTime.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Force_complete_with_post_copy_switches_half_a_second_after_the_timeout()
    {
        var g = FleetSimulation.Run(Stuck(Short(NovaTimeoutAction.ForceComplete, postcopy: true))).Guests[0];
        Assert.Equal(FleetOutcome.ForcedToPostcopy, g.Outcome);
        // migrate-start-postcopy at 60.5 s; QEMU switches at its next iterate check (within a window).
        Assert.InRange(g.StopMs!.Value, 60_500, 60_600);
        Assert.NotNull(g.ExposureMs);
    }

    [Fact]
    public void Force_complete_without_post_copy_pauses_the_guest_half_a_second_after_the_timeout()
    {
        var g = FleetSimulation.Run(Stuck(Short(NovaTimeoutAction.ForceComplete))).Guests[0];
        Assert.Equal(FleetOutcome.Paused, g.Outcome);
        // The pause counts as downtime from 60.5 s to the end.
        Assert.Equal(g.EndMs!.Value - 60_500, g.DowntimeMs!.Value, 6);
    }

    [Fact]
    public void Each_host_runs_max_concurrent_live_migrations_at_once_in_request_order()
    {
        var spec = Stuck(Short() with { LiveMigrationCompletionTimeoutSeconds = 5 }, guests: 3);
        var r = FleetSimulation.Run(spec);
        // Default 1 per host: each starts when the one before it was aborted (at 10 s each).
        Assert.Equal([0.0, 10_000.0, 20_000.0], r.Guests.Select(g => g.StartMs!.Value));
        var two = FleetSimulation.Run(Stuck(Short() with { LiveMigrationCompletionTimeoutSeconds = 5, MaxConcurrentLiveMigrations = 2 }, guests: 3));
        Assert.Equal([0.0, 0.0, 10_000.0], two.Guests.Select(g => g.StartMs!.Value));
    }
}
