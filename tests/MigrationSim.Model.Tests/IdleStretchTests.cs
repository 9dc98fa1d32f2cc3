using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

/// <summary>A stretch where nothing changes costs no events: the count does not grow with its length.</summary>
public class IdleStretchTests
{
    private static (long Fired, Results.MigrationResult Result) Run(SimulationInput input)
    {
        var sim = new Simulator();
        var m = MigrationSimulation.Start(sim, input);
        sim.Run(() => m.IsFinished);
        return (sim.Fired, m.Result!);
    }

    [Fact]
    public void A_long_setup_costs_the_same_events_as_a_short_one()
    {
        SimulationInput With(double setupSeconds) => Make(GiB / 16, new IdleWorkloadSpec(), maxBandwidth: 64 * MiB, maxTimeSeconds: 100_000) with
        {
            Host = new HostProfile { SetupTime = SimTime.FromSeconds(setupSeconds) },
        };
        var minute = Run(With(60));
        var tenHours = Run(With(36_000));
        Assert.Equal(minute.Fired, tenHours.Fired);
        Assert.Equal(36_000_000 - 60_000, tenHours.Result.Summary.TotalTimeMs - minute.Result.Summary.TotalTimeMs, 3);
        // the polls still cover the stretch, thinned to a bounded, evenly spaced series
        var t = tenHours.Result.Timeline;
        Assert.InRange(t.Count, TimelineOptions.DefaultMaxSamples / 2, TimelineOptions.DefaultMaxSamples + 1);
        Assert.Equal(0, t[0].ElapsedMs);
        Assert.Equal(tenHours.Result.Summary.TotalTimeMs, t[^1].ElapsedMs, 3);
        var gaps = t.Zip(t.Skip(1), (a, b) => Math.Round(b.ElapsedMs - a.ElapsedMs, 6)).SkipLast(1).Distinct().ToList();
        Assert.True(gaps.Count == 1, string.Join(", ", gaps));
    }

    [Fact]
    public void A_postcopy_waiting_hours_for_a_page_costs_the_same_events_as_one_waiting_a_second()
    {
        // One guest task faults (sync) and the page takes the latency twice to come back; the
        // background pass ends long before, so the migration waits for that page alone.
        SimulationInput With(double latencySeconds) => Make(GiB / 16, new UniformWorkloadSpec(1024, 50_000), maxBandwidth: 64 * MiB,
            policy: PostcopySpec.Instance, latencyUs: latencySeconds * 1e6, maxTimeSeconds: 1_000_000) with { SampleInterval = SimTime.FromSeconds(3600) };
        var second = Run(With(1));
        var hours = Run(With(36_000));
        Assert.True(hours.Result.Summary.TotalTimeMs > 72_000_000, $"{hours.Result.Summary.TotalTimeMs} ms");
        Assert.Equal(second.Fired, hours.Fired);
    }

    [Fact]
    public void Max_time_bounds_a_postcopy_that_waits_longer()
    {
        var input = Make(GiB / 16, new UniformWorkloadSpec(1024, 50_000), maxBandwidth: 64 * MiB,
            policy: PostcopySpec.Instance, latencyUs: 3600e6, maxTimeSeconds: 600);
        var (_, r) = Run(input);
        Assert.Equal(Results.MigrationStatus.PostcopyActive, r.Summary.Status);
        Assert.False(r.Summary.Converged);
        Assert.StartsWith("max-time", r.Summary.Outcome);
        Assert.Equal(600_000, r.Summary.TotalTimeMs, 3);
    }
}
